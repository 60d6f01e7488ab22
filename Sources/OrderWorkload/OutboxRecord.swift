import Foundation
import Messaging

/// An ``OutboundMessage`` as the bytes the outbox keeps (JSON; the body as base64).
enum OutboxRecord {
    private struct Record: Codable {
        var destination: String
        var key: String?
        var body: Data
        var messageID: String?
        var headers: [String: String]
    }

    static func encode(_ message: OutboundMessage) throws -> [UInt8] {
        let record = Record(
            destination: message.destination, key: message.key, body: Data(message.body),
            messageID: message.messageID, headers: message.headers)
        return [UInt8](try JSONEncoder().encode(record))
    }

    static func decode(_ bytes: [UInt8]) -> OutboundMessage? {
        guard let record = try? JSONDecoder().decode(Record.self, from: Data(bytes)) else { return nil }
        return OutboundMessage(
            destination: record.destination, key: record.key, body: [UInt8](record.body),
            messageID: record.messageID, headers: record.headers)
    }
}
