import CRabbitMQ
import Foundation

/// C memory for one librabbitmq call: strings as `amqp_bytes_t` and field
/// tables, all freed together by ``release()`` once the call has returned.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    func bytes(_ string: String) -> amqp_bytes_t {
        let utf8 = Array(string.utf8)
        guard !utf8.isEmpty else { return amqp_bytes_t(len: 0, bytes: nil) }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: utf8.count, alignment: 1)
        memory.copyMemory(from: utf8, byteCount: utf8.count)
        allocations.append(memory)
        return amqp_bytes_t(len: utf8.count, bytes: memory)
    }

    func table(_ fields: [String: AMQPFieldValue]) -> amqp_table_t {
        guard !fields.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = UnsafeMutablePointer<amqp_table_entry_t>.allocate(capacity: fields.count)
        allocations.append(UnsafeMutableRawPointer(entries))
        for (index, (key, value)) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            var entry = amqp_table_entry_t()
            entry.key = bytes(key)
            switch value {
            case .string(let text):
                entry.value.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
                entry.value.value.bytes = bytes(text)
            case .int(let number):
                entry.value.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
                entry.value.value.i64 = number
            case .bool(let flag):
                entry.value.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
                entry.value.value.boolean = flag ? 1 : 0
            }
            (entries + index).initialize(to: entry)
        }
        return amqp_table_t(num_entries: Int32(fields.count), entries: entries)
    }

    func release() {
        for memory in allocations { memory.deallocate() }
        allocations.removeAll()
    }

    deinit { release() }
}

extension amqp_bytes_t {
    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    var array: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }
}

extension amqp_table_t {
    var fields: [String: AMQPFieldValue] {
        var result: [String: AMQPFieldValue] = [:]
        for index in 0..<Int(num_entries) {
            let entry = entries[index]
            let value = entry.value
            switch Int(value.kind) {
            case Int(AMQP_FIELD_KIND_UTF8.rawValue), Int(AMQP_FIELD_KIND_BYTES.rawValue):
                result[entry.key.string] = .string(value.value.bytes.string)
            case Int(AMQP_FIELD_KIND_I64.rawValue): result[entry.key.string] = .int(value.value.i64)
            case Int(AMQP_FIELD_KIND_I32.rawValue): result[entry.key.string] = .int(Int64(value.value.i32))
            case Int(AMQP_FIELD_KIND_U64.rawValue): result[entry.key.string] = .int(Int64(bitPattern: value.value.u64))
            case Int(AMQP_FIELD_KIND_BOOLEAN.rawValue): result[entry.key.string] = .bool(value.value.boolean != 0)
            default: continue
            }
        }
        return result
    }
}

func libraryErrorText(_ code: Int32) -> String {
    String(cString: amqp_error_string2(code))
}
