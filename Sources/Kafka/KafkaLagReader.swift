import CRdKafka
import Dispatch
import Synchronization

/// Reads a group's committed offsets and the topics' high watermarks, from
/// outside the group (it never joins), to report lag per partition.
///
/// It keeps one client per group it is asked about, reused by every later
/// call, and runs librdkafka's blocking calls on one serial queue of its own,
/// never on the cooperative pool: a lab polling lag every few milliseconds
/// costs the broker one connection, not one per poll.
public final class KafkaLagReader: Sendable {
    public let configuration: KafkaConfiguration
    private let clients = Mutex<[String: KafkaHandle]>([:])
    private let queue = DispatchQueue(label: "commlab.kafka-lag-reader")

    public init(configuration: KafkaConfiguration) {
        self.configuration = configuration
    }

    /// Lag of `group` on every partition of `topics`.
    public func lag(group: String, topics: [String]) async throws(KafkaError) -> [KafkaPartitionLag] {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    do throws(KafkaError) {
                        let handle = try self.client(for: group)
                        continuation.resume(returning: try Self.readLag(handle: handle, topics: topics))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(operation: "lag", code: -1, reason: "\(error)")
        }
    }

    /// Disconnects every client; a later ``lag(group:topics:)`` connects again.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                // Destroying a handle blocks until its threads end, so it runs on the reader's own queue.
                let handles = self.clients.withLock { clients in
                    defer { clients.removeAll() }
                    return Array(clients.values)
                }
                for handle in handles { handle.close() }
                continuation.resume()
            }
        }
    }

    private func client(for group: String) throws(KafkaError) -> KafkaHandle {
        if let existing = clients.withLock({ $0[group] }) { return existing }
        let conf = try KafkaConfiguration.makeConf(configuration.consumerSettings(group: group))
        let handle = try KafkaHandle(type: RD_KAFKA_CONSUMER, conf: conf)
        clients.withLock { $0[group] = handle }
        return handle
    }

    private static func readLag(handle: KafkaHandle, topics: [String]) throws(KafkaError) -> [KafkaPartitionLag] {
        let list = PartitionList(capacity: 16)
        for topic in topics {
            for partition in try handle.partitions(of: topic) {
                list.add(topic: topic, partition: partition)
            }
        }
        let error = rd_kafka_committed(handle.pointer, list.pointer, 5_000)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("committed offsets", error) }
        // One ListOffsets request per leader for every partition, not one round trip per partition:
        // with 72 partitions the per-partition queries took seconds under load, and a lab that polls
        // lag to time a run measured its own polling.
        let high = try listOffsets(handle: handle, list: list, at: Int64(RD_KAFKA_OFFSET_END))
        let low = try listOffsets(handle: handle, list: list, at: Int64(RD_KAFKA_OFFSET_BEGINNING))
        var result: [KafkaPartitionLag] = []
        for index in 0..<list.count {
            let element = list[index]
            let topic = String(cString: element.topic)
            let committed = element.offset >= 0 ? element.offset : -1
            result.append(
                KafkaPartitionLag(
                    topic: topic, partition: element.partition, committed: committed, highWatermark: high[index],
                    lag: high[index] - max(committed, low[index])))
        }
        return result.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// The offsets at `position` (the end or the beginning) of every partition in `list`, in its order.
    private static func listOffsets(handle: KafkaHandle, list: PartitionList, at position: Int64) throws(KafkaError)
        -> [Int64]
    {
        let query = PartitionList(capacity: list.count)
        for index in 0..<list.count {
            query.add(topic: String(cString: list[index].topic), partition: list[index].partition, offset: position)
        }
        let error = rd_kafka_offsets_for_times(handle.pointer, query.pointer, 5_000)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("offsets of the partitions", error) }
        return try (0..<query.count).map { index throws(KafkaError) in
            let element = query[index]
            guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError("offsets of \(String(cString: element.topic))/\(element.partition)", element.err)
            }
            return element.offset
        }
    }
}
