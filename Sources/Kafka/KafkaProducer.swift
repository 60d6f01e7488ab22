import CRdKafka
import Dispatch
import Foundation
import ServiceLifecycle
import Synchronization

/// Produces records and reports each delivery as an async result.
///
/// librdkafka batches and sends on its own threads; this type adds one
/// thread that serves delivery reports (`rd_kafka_poll`) and resumes the
/// waiting callers. librdkafka's producer handle is thread-safe, so
/// `send` may be called from any task.
public final class KafkaProducer: Sendable {
    private let handle: KafkaHandle
    private let running = RunFlag()
    private let pollThreadEnded = DispatchSemaphore(value: 0)

    /// `topics` are those it will write to: their partitions and leaders are
    /// asked for at once (see ``prepare(topics:)``), on its poll thread before
    /// it starts polling, so the first records sent do not wait for them.
    public init(configuration: KafkaConfiguration, topics: [String] = []) throws(KafkaError) {
        let conf = try KafkaConfiguration.makeConf(configuration.producerSettings)
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let box = Unmanaged<DeliveryBox>.fromOpaque(opaque).takeRetainedValue()
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                // Only the last report is kept: its topic's name is copied for that one alone.
                box.delivered {
                    KafkaDeliveryReport(
                        topic: message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
                        partition: message.pointee.partition, offset: message.pointee.offset)
                }
            } else {
                box.settle(.failure(KafkaError("delivery", error)))
            }
        }
        handle = try KafkaHandle(type: RD_KAFKA_PRODUCER, conf: conf)
        let thread = Thread { [handle, running, pollThreadEnded] in
            // A broker that is down costs this at most a second per topic before delivery reports are served;
            // librdkafka then learns the topics on its own, as it would have without this.
            for topic in topics {
                _ = try? handle.partitions(of: topic, timeoutMilliseconds: 1_000)
            }
            while running.isRunning {
                rd_kafka_poll(handle.pointer, 100)
            }
            pollThreadEnded.signal()
        }
        thread.name = "kafka producer poll"
        thread.start()
    }

    /// Connects and learns the partitions and leaders of `topics` now, so the
    /// first records sent to them do not wait for it: librdkafka holds records
    /// of a topic it has no metadata for, and a fresh producer's first chunk of
    /// 1,000 took a second against the embedded broker (a fixed cost that the
    /// 10,000-event benchmark counted as its rate). Returns how long it took.
    @discardableResult
    public func prepare(topics: [String]) async throws(KafkaError) -> Duration {
        let handle = self.handle
        let result: Result<Duration, KafkaError> = await withCheckedContinuation { continuation in
            // rd_kafka_metadata blocks: on a Dispatch thread, never on the cooperative pool.
            DispatchQueue.global().async {
                let clock = ContinuousClock()
                let start = clock.now
                do throws(KafkaError) {
                    for topic in topics { _ = try handle.partitions(of: topic) }
                    continuation.resume(returning: .success(clock.now - start))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Sends a record and waits until the broker acknowledged it (acks=all),
    /// or the message timeout passed.
    @discardableResult
    public func send(
        topic: String, key: [UInt8]?, value: [UInt8], headers: [String: [UInt8]] = [:]
    ) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([KafkaRecord(topic: topic, key: key, value: value, headers: headers)])
    }

    /// Sends every record at once and waits for all their delivery reports
    /// together (one wait, however many records): returns the last report,
    /// or throws the first failure once every record has settled.
    @discardableResult
    public func send(_ records: [KafkaRecord]) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send(count: records.count, topic: records.first?.topic ?? "") { box in
            for record in records { enqueue(record, reportingTo: box) }
        }
    }

    /// Runs `enqueue` (which hands `count` records to librdkafka, each
    /// reporting to the box) and waits for all their delivery reports.
    func send(count: Int, topic: String, _ enqueue: (DeliveryBox) -> Void) async throws(KafkaError)
        -> KafkaDeliveryReport
    {
        guard count > 0 else {
            throw KafkaError(operation: "produce", code: -1, reason: "nothing to send")
        }
        guard running.isRunning else {
            throw KafkaError(operation: "produce to \(topic)", code: -1, reason: "the producer is closed")
        }
        let box = DeliveryBox(expecting: count)
        do {
            // A cancelled caller stops waiting at once; the delivery reports, when they come, find no one waiting.
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    box.wait(continuation)
                    if Task.isCancelled {
                        box.abandon(KafkaError.cancelled("produce to \(topic)"))
                        return
                    }
                    enqueue(box)
                }
            } onCancel: {
                box.abandon(KafkaError.cancelled("produce to \(topic)"))
            }
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(operation: "produce", code: -1, reason: "\(error)")
        }
    }

    /// Hands one record to librdkafka (which copies it); its delivery report goes to `box`.
    private func enqueue(_ record: KafkaRecord, reportingTo box: DeliveryBox) {
        var headerList: OpaquePointer?
        if !record.headers.isEmpty {
            headerList = rd_kafka_headers_new(record.headers.count)
            for (name, bytes) in record.headers {
                bytes.withUnsafeBytes { raw in
                    _ = rd_kafka_header_add(headerList, name, -1, raw.baseAddress, raw.count)
                }
            }
        }
        record.value.withUnsafeBytes { value in
            guard let key = record.key else {
                return produce(topic: record.topic, key: nil, value: value, headers: headerList, reportingTo: box)
            }
            key.withUnsafeBytes { key in
                produce(topic: record.topic, key: key, value: value, headers: headerList, reportingTo: box)
            }
        }
    }

    /// Hands one record's bytes to librdkafka, which copies them and takes
    /// `headers` (a list from `rd_kafka_headers_new`); its delivery report goes to `box`.
    func produce(
        topic: String, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer, headers: OpaquePointer?,
        reportingTo box: DeliveryBox
    ) {
        let opaque = Unmanaged.passRetained(box).toOpaque()
        let error = commlab_produce(
            handle.pointer, topic, key?.baseAddress, key?.count ?? 0, value.baseAddress, value.count, headers, opaque)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            if let headers { rd_kafka_headers_destroy(headers) }
            Unmanaged<DeliveryBox>.fromOpaque(opaque).release()
            box.settle(.failure(KafkaError("produce to \(topic)", error)))
        }
    }

    /// Waits until every record sent so far is delivered or failed. Blocks
    /// the calling thread for up to `timeout`; from async code use ``shutdown()``.
    @available(*, noasync, message: "blocks the thread; use shutdown() from async code")
    public func flush(timeout: Duration = .seconds(10)) {
        rd_kafka_flush(handle.pointer, Int32(timeout.components.seconds * 1000))
    }

    /// Flushes, stops the delivery-report thread, and disconnects: nothing of
    /// this producer is left talking to the brokers afterwards. Blocks while
    /// it flushes; from async code use ``shutdown()``.
    @available(*, noasync, message: "blocks the thread; use shutdown() from async code")
    public func close() {
        guard running.isRunning else { return }
        rd_kafka_flush(handle.pointer, 10_000)
        running.stop()
        pollThreadEnded.wait()
        handle.close()
    }

    /// ``close()`` without blocking the caller's thread: the flush runs on a
    /// thread of its own. A cancelled caller stops waiting (the flush goes on
    /// in the background until librdkafka's own timeout).
    public func shutdown() async {
        let done = Mutex<CheckedContinuation<Void, Never>?>(nil)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                done.withLock { $0 = continuation }
                DispatchQueue.global().async {
                    self.close()
                    done.withLock { $0.take() }?.resume()
                }
            }
        } onCancel: {
            done.withLock { $0.take() }?.resume()
        }
    }
}

extension KafkaProducer: Service {
    /// Lives as long as its service group: on graceful shutdown (after the
    /// services listed after it have stopped) it flushes and disconnects.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}

/// A caller waiting for the delivery reports of the records it sent,
/// carried through librdkafka as each message's opaque. The caller is
/// resumed exactly once: after the last report (or failed produce), or at
/// its cancellation, whichever comes first.
final class DeliveryBox: Sendable {
    private struct State {
        var continuation: CheckedContinuation<KafkaDeliveryReport, any Error>?
        var remaining: Int
        var failure: KafkaError?
        var last: KafkaDeliveryReport?

        /// One fewer to wait for; the caller and what to resume it with once none is left.
        mutating func countDown()
            -> (CheckedContinuation<KafkaDeliveryReport, any Error>, Result<KafkaDeliveryReport, any Error>)?
        {
            remaining -= 1
            guard remaining == 0, let continuation = continuation.take() else { return nil }
            if let failure { return (continuation, .failure(failure)) }
            return last.map { (continuation, .success($0)) }
        }
    }

    private let state: Mutex<State>

    init(expecting count: Int) {
        state = Mutex(State(remaining: count))
    }

    func wait(_ waiting: CheckedContinuation<KafkaDeliveryReport, any Error>) {
        state.withLock { $0.continuation = waiting }
    }

    /// One record delivered; `report` is read only when it is the last to settle (the one returned).
    func delivered(_ report: () -> KafkaDeliveryReport) {
        let ready = state.withLock {
            state -> (CheckedContinuation<KafkaDeliveryReport, any Error>, Result<KafkaDeliveryReport, any Error>)? in
            if state.remaining == 1 { state.last = report() }
            return state.countDown()
        }
        if let (continuation, outcome) = ready { continuation.resume(with: outcome) }
    }

    /// One record's outcome.
    func settle(_ result: Result<KafkaDeliveryReport, KafkaError>) {
        let ready = state.withLock {
            state -> (CheckedContinuation<KafkaDeliveryReport, any Error>, Result<KafkaDeliveryReport, any Error>)? in
            switch result {
            case .success(let report): state.last = report
            case .failure(let error): state.failure = state.failure ?? error
            }
            return state.countDown()
        }
        if let (continuation, outcome) = ready { continuation.resume(with: outcome) }
    }

    /// Stops waiting now; reports still to come are ignored.
    func abandon(_ error: KafkaError) {
        state.withLock { $0.continuation.take() }?.resume(throwing: error)
    }
}
