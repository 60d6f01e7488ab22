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

    public init(configuration: KafkaConfiguration) throws(KafkaError) {
        let conf = try KafkaConfiguration.makeConf(configuration.producerSettings)
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let box = Unmanaged<DeliveryBox>.fromOpaque(opaque).takeRetainedValue()
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
                box.resume(
                    with: .success(
                        KafkaDeliveryReport(
                            topic: topic, partition: message.pointee.partition, offset: message.pointee.offset)))
            } else {
                box.resume(with: .failure(KafkaError("delivery", error)))
            }
        }
        handle = try KafkaHandle(type: RD_KAFKA_PRODUCER, conf: conf)
        let thread = Thread { [handle, running, pollThreadEnded] in
            while running.isRunning {
                rd_kafka_poll(handle.pointer, 100)
            }
            pollThreadEnded.signal()
        }
        thread.name = "kafka producer poll"
        thread.start()
    }

    /// Sends a record and waits until the broker acknowledged it (acks=all),
    /// or the message timeout passed.
    @discardableResult
    public func send(
        topic: String, key: [UInt8]?, value: [UInt8], headers: [String: [UInt8]] = [:]
    ) async throws(KafkaError) -> KafkaDeliveryReport {
        guard running.isRunning else {
            throw KafkaError(operation: "produce to \(topic)", code: -1, reason: "the producer is closed")
        }
        let box = DeliveryBox()
        do {
            // A cancelled caller stops waiting at once; the delivery report, when it comes, finds no one waiting.
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    box.wait(continuation)
                    if Task.isCancelled {
                        box.resume(with: .failure(KafkaError.cancelled("produce to \(topic)")))
                        return
                    }
                    let opaque = Unmanaged.passRetained(box).toOpaque()
                    var headerList: OpaquePointer?
                    if !headers.isEmpty {
                        headerList = rd_kafka_headers_new(headers.count)
                        for (name, bytes) in headers {
                            bytes.withUnsafeBytes { raw in
                                _ = rd_kafka_header_add(headerList, name, -1, raw.baseAddress, raw.count)
                            }
                        }
                    }
                    let error = value.withUnsafeBytes { valueBytes in
                        (key ?? []).withUnsafeBytes { keyBytes in
                            commlab_produce(
                                handle.pointer, topic, key == nil ? nil : keyBytes.baseAddress, key?.count ?? 0,
                                valueBytes.baseAddress, valueBytes.count, headerList, opaque)
                        }
                    }
                    if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                        if let headerList { rd_kafka_headers_destroy(headerList) }
                        Unmanaged<DeliveryBox>.fromOpaque(opaque).release()
                        box.resume(with: .failure(KafkaError("produce to \(topic)", error)))
                    }
                }
            } onCancel: {
                box.resume(with: .failure(KafkaError.cancelled("produce to \(topic)")))
            }
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(operation: "produce", code: -1, reason: "\(error)")
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

/// A caller waiting for one delivery report, carried through librdkafka as the
/// message opaque. Resumed exactly once: by the report, a failed produce, or
/// the caller's cancellation, whichever comes first.
final class DeliveryBox: Sendable {
    private let continuation = Mutex<CheckedContinuation<KafkaDeliveryReport, any Error>?>(nil)

    func wait(_ waiting: CheckedContinuation<KafkaDeliveryReport, any Error>) {
        continuation.withLock { $0 = waiting }
    }

    func resume(with result: Result<KafkaDeliveryReport, KafkaError>) {
        continuation.withLock { $0.take() }?.resume(with: result.mapError { $0 as any Error })
    }
}
