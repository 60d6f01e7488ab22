import Faults
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The lab's HTTP client for driving services: JSON in, status and body out,
/// transport failures returned as values so a load run counts them instead of
/// stopping at the first one.
public struct LabHTTPClient: Sendable {
    public let http: HTTPClient

    public init(http: HTTPClient) {
        self.http = http
    }

    /// Sends `body` (or nothing) and collects the answer.
    public func send(
        _ method: HTTPMethod, _ url: String, body: ByteBuffer? = nil, timeout: Duration = .seconds(30)
    ) async -> HTTPExchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        return await send(request, timeout: timeout)
    }

    /// Sends a request made by the caller (any headers, any bytes) and collects the answer.
    /// An answer longer than `maxBytes` is a failure: 1 MiB for a service's answer to a request; the evidence
    /// a run reads back (every reservation of a capacity step) may be far longer.
    public func send(
        _ request: HTTPClientRequest, timeout: Duration = .seconds(30), maxBytes: Int = 1 << 20
    ) async -> HTTPExchange {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.microseconds * 1000)))
            let bytes = try await response.body.collect(upTo: maxBytes)
            return HTTPExchange(
                status: Int(response.status.code), body: bytes, failure: nil, latency: clock.now - start)
        } catch {
            return HTTPExchange(
                status: nil, body: ByteBuffer(), failure: Self.describe(error), latency: clock.now - start)
        }
    }

    public func postJSON(_ url: String, _ value: some Encodable, timeout: Duration = .seconds(30)) async -> HTTPExchange
    {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return await send(.POST, url, body: ByteBuffer(bytes: data), timeout: timeout)
    }

    public func putJSON(_ url: String, _ value: some Encodable) async -> HTTPExchange {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return await send(.PUT, url, body: ByteBuffer(bytes: data))
    }

    /// The most a JSON read of the lab's own evidence may bring: 12,800 reservations of a 3,200/s capacity
    /// step passed 1 MiB.
    static let evidenceLimit = 1 << 28

    /// GETs `url` and decodes its JSON body, failing with what was received.
    public func getJSON<Value: Decodable>(_ url: String, as type: Value.Type = Value.self) async throws -> Value {
        let exchange = await send(HTTPClientRequest(url: url), maxBytes: Self.evidenceLimit)
        guard exchange.status == 200 else { throw LabHTTPError.unexpected(url: url, exchange: exchange) }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(buffer: exchange.body))
        } catch {
            throw LabHTTPError.undecodable(url: url, body: exchange.bodyText, reason: "\(error)")
        }
    }

    /// Sets a service's fault plan through its admin endpoint.
    public func setFaults(_ plan: FaultPlan, at baseURL: String) async throws {
        let exchange = await putJSON(baseURL + "/admin/faults", plan)
        guard exchange.status == 200 else {
            throw LabHTTPError.unexpected(url: baseURL + "/admin/faults", exchange: exchange)
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            "timeout"
        case let error as HTTPClientError where error == .connectTimeout:
            "connect timeout"
        default:
            // NIO reports a refused connect as NIOConnectionError wrapping an
            // IOError (ECONNREFUSED); its text is the stable part across versions.
            "\(error)".contains("refused") ? "connection refused" : "\(error)"
        }
    }
}

/// One request and its answer, or the transport failure instead of an answer.
public struct HTTPExchange: Sendable {
    public var status: Int?
    public var body: ByteBuffer
    public var failure: String?
    public var latency: Duration

    /// `201`, `503`, or the failure (`connection refused`, `timeout`) for counting outcomes.
    public var outcome: String { status.map(String.init) ?? failure ?? "no answer" }

    public var bodyText: String { String(buffer: body) }

    public func decode<Value: Decodable>(_ type: Value.Type) -> Value? {
        try? JSONDecoder().decode(type, from: Data(buffer: body))
    }
}

/// An answer the lab did not expect from a service.
public enum LabHTTPError: Error, CustomStringConvertible {
    case unexpected(url: String, exchange: HTTPExchange)
    case undecodable(url: String, body: String, reason: String)

    public var description: String {
        switch self {
        case .unexpected(let url, let exchange):
            "\(url) answered \(exchange.outcome): \(exchange.bodyText.prefix(300))"
        case .undecodable(let url, let body, let reason):
            "\(url) answered a body that could not be read (\(reason)): \(body.prefix(300))"
        }
    }
}
