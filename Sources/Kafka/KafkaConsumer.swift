import AsyncAlgorithms
import CRdKafka
import Foundation
import ServiceLifecycle
import Synchronization

/// A member of a consumer group: reads the subscribed topics from the
/// partitions the group assigns it, from the group's committed offsets
/// (earliest when none), and commits only when told to.
///
/// A ``Service``: ``run()`` polls librdkafka until ``close()``, a graceful
/// shutdown or cancellation, then leaves the group. Polls never block a
/// thread: the loop takes what librdkafka has fetched (up to `maxBatch` per
/// batch) and, when there is nothing, waits for librdkafka's queue callback
/// to say a record or event arrived. It stops polling while `bufferSize`
/// records wait unread, so a slow reader slows the loop instead of growing
/// memory. Seeks and assignment queries take the handle between polls, so a
/// record is stamped with the pass over the log it came from. A reader
/// outside a service group uses ``whileRunning(_:)``.
public final class KafkaConsumer: Service, Sendable {
    private let handle: KafkaHandle
    private let running = RunFlag()
    /// Held while anything uses the consumer's handle (a poll, a seek, a
    /// query): true once the group is being left, after which nothing may.
    private let access = Mutex<Bool>(false)
    /// Set when ``run()`` starts, so a consumer closed without ever running still leaves its group.
    private let started = Atomic<Bool>(false)
    private let waker = PollWaker()
    private let room: ReaderRoom
    private let maxBatch: Int
    private let continuation: AsyncStream<[KafkaMessage]>.Continuation
    private let rewinds = RewindCounter()
    /// The records, in partition order, a poll's worth at a time; ends when the consumer is closed.
    public let batches: KafkaBatches
    public let group: String

    public init(
        configuration: KafkaConfiguration, group: String, topics: [String], bufferSize: Int = 2_000,
        maxBatch: Int = 500
    ) throws(KafkaError) {
        self.group = group
        self.maxBatch = max(1, maxBatch)
        let conf = try KafkaConfiguration.makeConf(configuration.consumerSettings(group: group))
        handle = try KafkaHandle(type: RD_KAFKA_CONSUMER, conf: conf)
        rd_kafka_poll_set_consumer(handle.pointer)
        let list = PartitionList(capacity: topics.count)
        for topic in topics { list.add(topic: topic, partition: commlab_partition_unassigned) }
        let error = rd_kafka_subscribe(handle.pointer, list.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("subscribe to \(topics)", error) }
        room = ReaderRoom(records: bufferSize, waker: waker)
        let (stream, continuation) = AsyncStream.makeStream(of: [KafkaMessage].self)
        self.continuation = continuation
        batches = KafkaBatches(stream: stream, room: room)
    }

    /// Polls until ``close()``, a graceful shutdown or cancellation; then
    /// runs the jobs still queued, leaves the group and ends ``batches``.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await pollUntilClosed()
        } onGracefulShutdown: {
            self.close()
        }
    }

    /// Runs the consumer while `body` reads from it, then closes it: for a
    /// reader outside a service group.
    public func whileRunning<T>(_ body: () async throws -> T) async throws -> T {
        async let polling: Void = run()
        let result: T
        do {
            result = try await body()
        } catch {
            close()
            try? await polling
            throw error
        }
        close()
        try await polling
        return result
    }

    private func pollUntilClosed() async {
        guard !started.exchange(true, ordering: .acquiringAndReleasing), running.isRunning,
            let queue = rd_kafka_queue_get_consumer(handle.pointer)
        else {
            continuation.finish()
            return
        }
        rd_kafka_queue_cb_event_enable(
            queue,
            { _, opaque in
                guard let opaque else { return }
                Unmanaged<PollWaker>.fromOpaque(opaque).takeUnretainedValue().signal()
            }, Unmanaged.passUnretained(waker).toOpaque())
        while running.isRunning, !Task.isCancelled {
            let batch = pollBatch()
            if batch.isEmpty {
                await waker.wait(atMost: .milliseconds(100))
            } else {
                continuation.yield(batch)
            }
        }
        // The callback holds an unretained pointer to the waker: off before the queue goes.
        rd_kafka_queue_cb_event_enable(queue, nil, nil)
        rd_kafka_queue_destroy(queue)
        await leaveGroup()
        continuation.finish()
    }

    /// What librdkafka has fetched now, without waiting: up to `maxBatch`
    /// records and no more than the room the reader has left.
    private func pollBatch() -> [KafkaMessage] {
        access.withLock { leaving in
            var batch: [KafkaMessage] = []
            // A topic's name is made a String once per run of its records, not once per record (a name over
            // 15 bytes, like inventory-events, is a heap allocation each time).
            var topic: (handle: OpaquePointer, name: String)?
            while !leaving, batch.count < maxBatch, room.isAvailable,
                let raw = rd_kafka_consumer_poll(handle.pointer, 0)
            {
                if raw.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    var name = ""
                    if let rkt = raw.pointee.rkt {
                        if topic?.handle != rkt { topic = (rkt, String(cString: rd_kafka_topic_name(rkt))) }
                        name = topic?.name ?? ""
                    }
                    batch.append(KafkaMessage(raw, topic: name, epoch: rewinds.current))
                    room.spend()
                }
                rd_kafka_message_destroy(raw)
            }
            return batch
        }
    }

    /// Leaves the group: librdkafka's close blocks until the group knows,
    /// so it runs on a thread of its own, never on one of the few that run tasks.
    private func leaveGroup() async {
        access.withLock { $0 = true }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [handle] in
                rd_kafka_consumer_close(handle.pointer)
                continuation.resume()
            }
            thread.name = "kafka consumer close \(group)"
            thread.start()
        }
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
        try withHandle { pointer throws(KafkaError) in
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
        try withHandle { pointer throws(KafkaError) in
            let assignment = try PartitionList.assignment(of: pointer)
            return (0..<assignment.count).map { assignment[$0].partition }
        }
    }

    /// How many times this member has rewound; see ``KafkaMessage/epoch``.
    public var epoch: UInt64 { rewinds.current }

    /// False once ``close()`` was called.
    public var isRunning: Bool { running.isRunning }

    /// Ends ``run()``: the loop leaves the group cleanly and ends ``batches``.
    public func close() {
        running.stop()
        waker.signal()
        // Never run: no loop will leave the group, so leave it here (once: `started` marks who does).
        if !started.exchange(true, ordering: .acquiringAndReleasing) {
            Task { [self] in
                await leaveGroup()
                continuation.finish()
            }
        }
    }

    /// Runs `body` on the handle between polls; refused once the group is being left.
    private func withHandle<T: Sendable>(
        _ body: (OpaquePointer) throws(KafkaError) -> T
    ) throws(KafkaError) -> T {
        try access.withLock { (leaving: inout Bool) throws(KafkaError) -> T in
            guard !leaving else { throw KafkaError(operation: "consumer call", code: -1, reason: "closed") }
            return try body(handle.pointer)
        }
    }

}

/// The records a ``KafkaConsumer`` reads, a poll's worth at a time; taking
/// a batch makes room for the poll loop to fetch as many again.
public struct KafkaBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]
    let stream: AsyncStream<[KafkaMessage]>
    let room: ReaderRoom

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<[KafkaMessage]>.AsyncIterator
        let room: ReaderRoom

        public mutating func next() async -> [KafkaMessage]? {
            let batch = await base.next()
            room.giveBack(batch?.count ?? 0)
            return batch
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), room: room)
    }
}

extension KafkaConsumer {
    /// The records one by one, for readers that want no batches.
    public var messages: AsyncFlatMapSequence<KafkaBatches, AsyncSyncSequence<[KafkaMessage]>> {
        batches.flatMap { $0.async }
    }
}

extension KafkaMessage {
    /// A record as librdkafka delivered it; `topic` is the name of `raw`'s topic.
    init(_ raw: UnsafeMutablePointer<rd_kafka_message_t>, topic: String, epoch: UInt64) {
        let message = raw.pointee
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
