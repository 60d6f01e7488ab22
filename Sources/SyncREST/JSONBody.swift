import Foundation
import Hummingbird
import LabKit
import NIOCore

/// Reads a request body as JSON of a known type, answering with a JSON error
/// (never a crash): 413 when it is too large, 400 when it is not that JSON.
enum JSONBody {
    static func decode<Value: Decodable>(_ type: Value.Type, from request: Request, limit: Int) async throws -> Value {
        let buffer = try await collect(request, limit: limit)
        do {
            return try JSONDecoder().decode(Value.self, from: Data(buffer: buffer))
        } catch {
            throw JSONErrorResponse(status: .badRequest, code: "malformed_json", message: "\(error)")
        }
    }

    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw JSONErrorResponse(
                status: .contentTooLarge, code: "body_too_large", message: "request body is larger than \(limit) bytes")
        }
    }
}
