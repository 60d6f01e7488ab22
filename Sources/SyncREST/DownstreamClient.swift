import AsyncHTTPClient
import Foundation
import NIOCore
import OrderDomain

/// A blocking JSON call to one downstream service over pooled keep-alive
/// connections, with a deadline; the answer, the outage and the timeout are
/// values for the caller to map, never thrown past it.
struct DownstreamClient: Sendable {
    let http: HTTPClient
    let baseURL: String
    let timeout: Duration

    func post(_ path: String, _ value: some Encodable) async -> DownstreamAnswer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            request.body = .bytes(ByteBuffer(bytes: EventJSON.bytes(value)))
            let response = try await http.execute(
                request, deadline: .now() + .nanoseconds(Int64(timeout.microseconds * 1000)))
            let body = try await response.body.collect(upTo: 1 << 20)
            return .answered(status: Int(response.status.code), body: body)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .timedOut
        } catch {
            return .unreachable(detail: "\(error)")
        }
    }

}
