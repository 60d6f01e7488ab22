import Foundation
import Hummingbird
import LabKit
import NIOCore
import OrderDomain

/// Reads `POST /order` bodies the same way in every part: at most
/// `limits.maxBodyBytes`, parsed and validated; anything wrong is a 400 with
/// a JSON error naming the problem, before any downstream service is involved.
public struct OrderRequestReader: Sendable {
    public var limits: OrderLimits

    public init(limits: OrderLimits = .standard) {
        self.limits = limits
    }

    /// The placed order (new id, current time), or a thrown ``JSONErrorResponse``.
    public func placedOrder(from request: Request) async throws -> Order {
        if let type = request.headers[.contentType], !Self.acceptsMediaType(type) {
            throw JSONErrorResponse(OrderValidationError.unsupportedMediaType(type))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw JSONErrorResponse(OrderValidationError.bodyTooLarge(limit: limits.maxBodyBytes))
        }
        do {
            return try OrderRequest.parse(Data(buffer: body), limits: limits).place()
        } catch {
            throw JSONErrorResponse(error)
        }
    }

    /// JSON, or no declared type. `application/x-www-form-urlencoded` is also
    /// let through because it is what `curl -d` declares by default, and the
    /// seeds' and this README's examples post JSON that way; any other type is
    /// refused with 415.
    static func acceptsMediaType(_ header: String) -> Bool {
        let type = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type.isEmpty || type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
            || type == "application/x-www-form-urlencoded"
    }
}

extension JSONErrorResponse {
    /// A refused order request: 400 with the field and the reason.
    public init(_ error: OrderValidationError) {
        self.init(
            status: HTTPResponse.Status(code: error.httpStatus), code: error.code, message: error.description,
            field: error.field)
    }
}
