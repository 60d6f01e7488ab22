import Foundation

/// The line's JSON coding, in one place.
enum PizzaJSON {
    static let encoder = JSONEncoder()
    static let decoder = JSONDecoder()

    static func bytes(_ value: some Encodable) -> [UInt8] {
        Array((try? encoder.encode(value)) ?? Data())
    }

    static func data(_ bytes: [UInt8]) -> Data { Data(bytes) }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: "not JSON"
        default: "\(error)"
        }
    }

    static var nowMilliseconds: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
