import AsyncAlgorithms
import CRdKafka
import Dispatch
import Foundation
import Synchronization

/// A member of a consumer group: reads the subscribed topics from the
/// partitions the group assigns it, from the group's committed offsets
/// (earliest when none), and commits only when told to.
///
/// One thread polls librdkafka and hands records to ``batches``: after the
/// first record of a poll it takes, without waiting, whatever else librdkafka
/// has fetched (up to `maxBatch`), so a busy consumer gets large batches and
/// an idle one gets each record at once. It stops polling while `bufferSize`
/// records wait unread, so a slow consumer slows the poll loop instead of
/// growing memory. Seeks and synchronous commits run on that thread too.
public final class KafkaConsumer: Sendable {
    private let handle: KafkaHandle
    private let running = RunFlag()
    private let jobs = PollThreadJobs()
    private let window: DispatchSemaphore
    private let rewinds = RewindCounter()
    /// The records, in partition order, a poll's worth at a time; ends when the consumer is closed.
    public let batches: KafkaBatches
    public let group: String

    public init(
        configuration: KafkaConfiguration, group: String, topics: [String], bufferSize: Int = 2_000,
        maxBatch: Int = 500
    ) throws(KafkaError) {
        self.group = group
        let conf = try KafkaConfiguration.makeConf(configuration.consumerSettings(group: group))
        handle = try KafkaHandle(type: RD_KAFKA_CONSUMER, conf: conf)
        rd_kafka_poll_set_consumer(handle.pointer)
        let list = PartitionList(capacity: topics.count)
        for topic in topics { list.add(topic: topic, partition: commlab_partition_unassigned) }
        let error = rd_kafka_subscribe(handle.pointer, list.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("subscribe to \(topics)", error) }

        // Created empty and filled: libdispatch traps when a semaphore is freed
        // below its initial value, which a window in use always is.
        let window = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, bufferSize) { window.signal() }
        self.window = window
        let (stream, continuation) = AsyncStream.makeStream(of: [KafkaMessage].self)
        batches = KafkaBatches(stream: stream, window: window)
        let thread = Thread { [handle, running, jobs, rewinds] in
            while running.isRunning {
                for job in jobs.takeAll() { job(handle.pointer) }
                guard window.wait(timeout: .now() + .milliseconds(100)) == .success else { continue }
                // One unit of room is held for each record polled; a record kept holds its unit until the
                // batch is taken, a unit left unused goes back.
                var batch: [KafkaMessage] = []
                var holdsRoom = true
                var timeout: Int32 = 50
                while holdsRoom, let raw = rd_kafka_consumer_poll(handle.pointer, timeout) {
                    if raw.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                        batch.append(KafkaMessage(raw, epoch: rewinds.current))
                    } else {
                        window.signal()
                    }
                    rd_kafka_message_destroy(raw)
                    timeout = 0
                    holdsRoom = batch.count < maxBatch && window.wait(timeout: .now()) == .success
                }
                if holdsRoom { window.signal() }
                if !batch.isEmpty { continuation.yield(batch) }
            }
            for job in jobs.takeAll() { job(handle.pointer) }
            rd_kafka_consumer_close(handle.pointer)
            continuation.finish()
        }
        thread.name = "kafka consumer \(group)"
        thread.start()
    }

    /// Commits `message`'s offset + 1 for its partition, without waiting:
    /// call it only once the message's effects are durable.
    public func commit(_ message: KafkaMessage) throws(KafkaError) {
        let list = PartitionList(capacity: 1)
        list.add(topic: message.topic, partition: message.partition, offset: message.offset + 1)
        let error = rd_kafka_commit(handle.pointer, list.pointer, 1)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("commit", error) }
    }

    /// Commits, without waiting, the next offset to read for each partition given.
    public func commit(_ positions: [KafkaPartitionPosition]) throws(KafkaError) {
        guard !positions.isEmpty else { return }
        let list = PartitionList(capacity: positions.count)
        for position in positions {
            list.add(topic: position.topic, partition: position.partition, offset: position.nextOffset)
        }
        let error = rd_kafka_commit(handle.pointer, list.pointer, 1)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("commit", error) }
    }

    /// Moves every assigned partition back to its first record and commits
    /// that, from inside this live member (the embedded mock refuses offset
    /// changes from outside a group it still knows). Returns the partitions moved.
    public func rewindToBeginning() async throws(KafkaError) -> Int {
        try await onPollThread { pointer throws(KafkaError) in
            let assignment = try PartitionList.assignment(of: pointer)
            let count = assignment.count
            guard count > 0 else { return 0 }
            assignment.setOffsets(commlab_offset_beginning)
            // Records polled from here on belong to the new epoch; those already buffered do not.
            self.rewinds.increment()
            if let seekError = rd_kafka_seek_partitions(pointer, assignment.pointer, 5_000) {
                let reason = String(cString: rd_kafka_error_string(seekError))
                rd_kafka_error_destroy(seekError)
                throw KafkaError(operation: "seek to beginning", code: -1, reason: reason)
            }
            assignment.setOffsets(0)
            let commitError = rd_kafka_commit(pointer, assignment.pointer, 0)
            guard commitError == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("commit offset 0", commitError) }
            return count
        }
    }

    /// Partitions this member holds now.
    public func assignedPartitions() async throws(KafkaError) -> [Int32] {
        try await onPollThread { pointer throws(KafkaError) in
            let assignment = try PartitionList.assignment(of: pointer)
            return (0..<assignment.count).map { assignment[$0].partition }
        }
    }

    /// How many times this member has rewound; see ``KafkaMessage/epoch``.
    public var epoch: UInt64 { rewinds.current }

    /// False once ``close()`` was called.
    public var isRunning: Bool { running.isRunning }

    /// Leaves the group cleanly and ends ``messages``.
    public func close() {
        running.stop()
        // Unblock a poll thread waiting for room in the window.
        window.signal()
    }

    private func onPollThread<T: Sendable>(
        _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                jobs.add { pointer in
                    do throws(KafkaError) {
                        continuation.resume(returning: try body(pointer))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(operation: "consumer call", code: -1, reason: "\(error)")
        }
    }
}

/// The records a ``KafkaConsumer`` reads, a poll's worth at a time; taking
/// a batch makes room for the poll thread to fetch as many again.
public struct KafkaBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]
    let stream: AsyncStream<[KafkaMessage]>
    let window: DispatchSemaphore

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<[KafkaMessage]>.AsyncIterator
        let window: DispatchSemaphore

        public mutating func next() async -> [KafkaMessage]? {
            let batch = await base.next()
            for _ in 0..<(batch?.count ?? 0) { window.signal() }
            return batch
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), window: window)
    }
}

extension KafkaConsumer {
    /// The records one by one, for readers that want no batches.
    public var messages: AsyncFlatMapSequence<KafkaBatches, AsyncSyncSequence<[KafkaMessage]>> {
        batches.flatMap { $0.async }
    }
}

extension KafkaMessage {
    init(_ raw: UnsafeMutablePointer<rd_kafka_message_t>, epoch: UInt64) {
        let message = raw.pointee
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? []
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        var headers: [String: [UInt8]] = [:]
        var list: OpaquePointer?
        if rd_kafka_message_headers(raw, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var bytes: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                if let name {
                    headers[String(cString: name)] =
                        bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                }
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(raw, &timestampType)
        self.init(
            topic: topic, partition: message.partition, offset: message.offset, key: key, value: value,
            headers: headers,
            timestampMilliseconds: timestamp, epoch: epoch)
    }
}
