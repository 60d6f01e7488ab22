import CRabbitMQ
import Foundation
import Synchronization

/// One librabbitmq connection and the thread that owns it.
///
/// librabbitmq is blocking and not thread-safe, so every call on the
/// connection runs on this object's own thread: callers submit jobs, the
/// thread runs them, reads frames (deliveries, publisher confirms, closes)
/// and otherwise sleeps in `poll()` on the socket and an eventfd that
/// `submit` writes to. Async callers wait on continuations, never blocking
/// the cooperative pool.
///
/// Channel 1 carries the work (publishing with confirms, or consuming);
/// channel 2 carries declarations and inspections, so their replies never
/// interleave with deliveries or confirms.
final class ConnectionCore: @unchecked Sendable {
    // Why @unchecked Sendable is safe here: every stored `var` is read and
    // written only on `thread` (inside `run()` and the jobs it executes).
    // Other threads reach this object only through `submit`, which touches
    // `inbox` (a Mutex) and `wakeFD` (an eventfd, whose read and write are
    // atomic system calls), and the immutable `endpoint`.
    let endpoint: AMQPEndpoint
    private let inbox = Mutex(Inbox())
    private let wakeFD: Int32

    private var state: amqp_connection_state_t?
    private var adminChannelOpen = false
    private var confirmsEnabled = false
    private var nextPublishTag: UInt64 = 1
    private var pendingConfirms: [UInt64: ConfirmWaiter] = [:]
    /// Every delivery up to this tag has been acknowledged by a multiple ack (``ackThrough(_:)``).
    private var ackedThrough: UInt64 = 0
    private var consumer: AsyncThrowingStream<[AMQPDelivery], any Error>.Continuation?
    private var finished = false
    /// When the socket last had bytes from the broker (a heartbeat counts): librabbitmq notices a silent
    /// broker only inside a blocking wait, which this thread never makes, so it keeps the watch itself.
    private var lastHeardFrom = ContinuousClock.now

    static let workChannel: amqp_channel_t = 1
    static let adminChannel: amqp_channel_t = 2

    struct Job: Sendable {
        var run: @Sendable (ConnectionCore) -> Void
        var cancel: @Sendable (AMQPError) -> Void
        /// True for a job that only writes frames (a publish, an ack) and
        /// waits for no reply: a run of them may be corked (see ``run()``).
        var onlySends = false
    }

    private struct Inbox {
        var jobs: [Job] = []
        var closedBecause: AMQPError?
    }

    init(endpoint: AMQPEndpoint) {
        self.endpoint = endpoint
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
    }

    /// Starts the connection's thread; the first job should be ``open()``.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "amqp \(endpoint.host):\(endpoint.port)"
        thread.start()
    }

    /// Runs `body` on the connection's thread and returns its result.
    /// Runs `body` on the connection's thread; `onlySends` when it writes
    /// frames and waits for no reply (see ``Job/onlySends``).
    func perform<T: Sendable>(
        onlySends: Bool = false, _ body: @escaping @Sendable (ConnectionCore) throws(AMQPError) -> T
    ) async throws(AMQPError) -> T {
        try await OnceContinuation<T>.value(of: "AMQP call to \(endpoint)") { once in
            self.submit(
                Job(
                    run: { core in
                        do throws(AMQPError) {
                            once.resume(with: .success(try body(core)))
                        } catch {
                            once.resume(throwing: error)
                        }
                    },
                    cancel: { once.resume(throwing: $0) }, onlySends: onlySends))
        }
    }

    /// Publishes on the work channel and resumes `waiter` when the
    /// broker confirms (or refuses) the message.
    func publish(
        exchange: String, routingKey: String, body: [UInt8], properties: AMQPMessageProperties,
        waiter: ConfirmWaiter
    ) {
        submit(
            Job(
                run: { core in core.publishNow(exchange, routingKey, body, properties, waiter) },
                cancel: { waiter.resume(throwing: $0) }, onlySends: true))
    }

    func submit(_ job: Job) {
        let refusal: AMQPError? = inbox.withLock { inbox in
            if let reason = inbox.closedBecause { return reason }
            inbox.jobs.append(job)
            return nil
        }
        if let refusal {
            job.cancel(refusal)
            return
        }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: - On the connection thread

    /// One multiple ack of the highest of `tags` not already covered by an earlier one; nothing when all are.
    /// Run on the connection thread, in submission order, so a later call never acks a tag an earlier
    /// multiple ack settled (the broker closes the channel on an unknown tag).
    func ackThrough(_ tags: [UInt64]) throws(AMQPError) {
        guard let highest = tags.max(), highest > ackedThrough else { return }
        let status = amqp_basic_ack(try connection(), Self.workChannel, highest, 1)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw fail(.connectionClosed(detail: "basic.ack: \(libraryErrorText(status))"))
        }
        ackedThrough = highest
    }

    private func run() {
        while !finished {
            let jobs = inbox.withLock { inbox in
                defer { inbox.jobs.removeAll() }
                return inbox.jobs
            }
            // Frames written by a run of jobs that only send (a batch's publishes and acks, three frames a
            // publish) leave in as few TCP segments as fit, not one each: each segment cost this process and
            // the broker a trip through the loopback stack (B's inventory spent 20 % of its CPU in send()).
            // The cork is lifted before a job that waits for a reply, and after the run.
            let cork = jobs.count { $0.onlySends } > 1 ? SocketCork() : nil
            for job in jobs {
                // A job taken in the same turn as the close must still be answered, or its caller waits forever.
                if finished {
                    job.cancel(closedReason ?? .connectionClosed(detail: "closed"))
                } else {
                    if let state { cork?.set(job.onlySends, on: amqp_get_sockfd(state)) }
                    job.run(self)
                }
            }
            cork?.lift()
            guard !finished else { break }
            if state != nil { pumpFrames() }
            guard !finished else { break }
            waitForWork()
        }
        let leftovers = inbox.withLock { inbox in
            if inbox.closedBecause == nil { inbox.closedBecause = .connectionClosed(detail: "closed") }
            defer { inbox.jobs.removeAll() }
            return (inbox.jobs, inbox.closedBecause!)
        }
        for job in leftovers.0 { job.cancel(leftovers.1) }
        close(wakeFD)
    }

    private func waitForWork() {
        if let state, amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0 { return }
        var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        if let state { fds.append(pollfd(fd: amqp_get_sockfd(state), events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), 1_000)
        if fds.count > 1, fds[1].revents != 0 { lastHeardFrom = .now }
        giveUpIfSilent()
        if fds[0].revents != 0 {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
        }
    }

    /// Two heartbeats without a byte from the broker: its replies are not arriving (a half-open link, a
    /// broker gone without closing the socket), so the connection is given up and its waiters told.
    private func giveUpIfSilent() {
        guard state != nil, !finished, endpoint.heartbeatSeconds > 0 else { return }
        let silence = ContinuousClock.now - lastHeardFrom
        guard silence > .seconds(2 * endpoint.heartbeatSeconds) else { return }
        fail(
            .connectionClosed(
                detail: "heartbeat missed: nothing from the broker for \(Int(silence.components.seconds)) s "
                    + "(two heartbeats of \(endpoint.heartbeatSeconds) s)"))
    }

    func open() throws(AMQPError) {
        guard let connection = amqp_new_connection() else {
            throw .library(operation: "amqp_new_connection", detail: "out of memory")
        }
        state = connection
        guard let socket = amqp_tcp_socket_new(connection) else {
            throw fail(.library(operation: "amqp_tcp_socket_new", detail: "out of memory"))
        }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        let status = amqp_socket_open_noblock(socket, endpoint.host, Int32(endpoint.port), &timeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw fail(.connectionFailed(endpoint: endpoint.description, detail: libraryErrorText(status)))
        }
        let login = commlab_login_plain(
            connection, endpoint.virtualHost, 131_072, Int32(endpoint.heartbeatSeconds), endpoint.user,
            endpoint.password)
        if let error = Self.error(from: login, operation: "login") {
            let detail: String
            switch error {
            case .connectionClosed(let text), .library(_, let text): detail = text
            default: detail = error.description
            }
            throw fail(.loginFailed(endpoint: endpoint.description, detail: detail))
        }
        for channel in [Self.workChannel, Self.adminChannel] {
            amqp_channel_open(connection, channel)
            try check(amqp_get_rpc_reply(connection), "channel.open")
        }
        adminChannelOpen = true
        lastHeardFrom = .now
    }

    /// The connection, for a job; fails when it is already gone.
    func connection() throws(AMQPError) -> amqp_connection_state_t {
        guard let state, !finished else { throw .connectionClosed(detail: "not connected") }
        return state
    }

    /// The admin channel, reopened after the broker closed it (e.g. a passive
    /// declare of a missing queue).
    func adminChannel() throws(AMQPError) -> amqp_channel_t {
        let connection = try connection()
        if !adminChannelOpen {
            amqp_channel_open(connection, Self.adminChannel)
            try check(amqp_get_rpc_reply(connection), "channel.open")
            adminChannelOpen = true
        }
        return Self.adminChannel
    }

    /// Throws the error an RPC reply carries, if any; a channel-level
    /// refusal on the admin channel is answered so the channel can be reopened.
    func check(_ reply: amqp_rpc_reply_t, _ operation: String) throws(AMQPError) {
        guard let error = Self.error(from: reply, operation: operation) else {
            // A reply is the broker heard from: an RPC reads the socket itself, so the poll that would
            // otherwise notice never sees it, and a connection asked something every half second would be
            // given up as silent (seen: the lab's queue gauges, read twice a second, lost it every 10 s).
            lastHeardFrom = .now
            return
        }
        if case .channelClosed = error, let state {
            var ok = amqp_channel_close_ok_t(dummy: 0)
            amqp_send_method(state, Self.adminChannel, commlab_channel_close_ok_method, &ok)
            adminChannelOpen = false
            throw error
        }
        throw fail(error)
    }

    static func error(from reply: amqp_rpc_reply_t, operation: String) -> AMQPError? {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return nil
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return .connectionClosed(detail: "\(operation): \(libraryErrorText(reply.library_error))")
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if reply.reply.id == commlab_channel_close_method {
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return .channelClosed(code: Int(close.reply_code), text: close.reply_text.string)
            }
            if reply.reply.id == commlab_connection_close_method {
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return .connectionClosed(detail: "\(operation): \(close.reply_code) \(close.reply_text.string)")
            }
            return .library(operation: operation, detail: "unexpected server reply \(reply.reply.id)")
        default:
            return .library(operation: operation, detail: "no reply")
        }
    }

    /// Why the connection ended, once it has: any thread may ask.
    var closedReason: AMQPError? { inbox.withLock { $0.closedBecause } }

    /// Ends the connection: everything waiting gets `error`, the thread exits.
    @discardableResult
    func fail(_ error: AMQPError) -> AMQPError {
        guard !finished else { return error }
        finished = true
        inbox.withLock { if $0.closedBecause == nil { $0.closedBecause = error } }
        for waiter in pendingConfirms.values { waiter.resume(throwing: error) }
        pendingConfirms.removeAll()
        consumer?.finish(throwing: error)
        consumer = nil
        if let state {
            amqp_destroy_connection(state)
            self.state = nil
        }
        return error
    }

    /// A clean close requested by the owner.
    func closeCleanly() {
        guard let state, !finished else { return }
        amqp_channel_close(state, Self.workChannel, AMQP_REPLY_SUCCESS)
        amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        consumer?.finish()
        consumer = nil
        fail(.connectionClosed(detail: "closed by the application"))
    }

    func startConsuming(
        queue: String, prefetch: Int, arguments: [String: AMQPFieldValue],
        continuation: AsyncThrowingStream<[AMQPDelivery], any Error>.Continuation
    ) throws(AMQPError) {
        let connection = try connection()
        let arena = CArena()
        defer { arena.release() }
        amqp_basic_qos(connection, Self.workChannel, 0, UInt16(clamping: prefetch), 0)
        try check(amqp_get_rpc_reply(connection), "basic.qos")
        amqp_basic_consume(
            connection, Self.workChannel, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0, arena.table(arguments))
        try check(amqp_get_rpc_reply(connection), "basic.consume \(queue)")
        consumer = continuation
    }

    private func publishNow(
        _ exchange: String, _ routingKey: String, _ body: [UInt8], _ properties: AMQPMessageProperties,
        _ waiter: ConfirmWaiter
    ) {
        do throws(AMQPError) {
            let connection = try connection()
            if !confirmsEnabled {
                amqp_confirm_select(connection, Self.workChannel)
                try check(amqp_get_rpc_reply(connection), "confirm.select")
                confirmsEnabled = true
            }
            let arena = CArena()
            defer { arena.release() }
            var props = amqp_basic_properties_t()
            var flags: UInt32 = 0
            if let id = properties.messageID {
                props.message_id = arena.bytes(id)
                flags |= UInt32(AMQP_BASIC_MESSAGE_ID_FLAG)
            }
            if let type = properties.contentType {
                props.content_type = arena.bytes(type)
                flags |= UInt32(AMQP_BASIC_CONTENT_TYPE_FLAG)
            }
            if let timestamp = properties.timestamp {
                props.timestamp = timestamp
                flags |= UInt32(AMQP_BASIC_TIMESTAMP_FLAG)
            }
            if !properties.headers.isEmpty {
                props.headers = arena.table(properties.headers)
                flags |= UInt32(AMQP_BASIC_HEADERS_FLAG)
            }
            props.delivery_mode = properties.persistent ? 2 : 1
            flags |= UInt32(AMQP_BASIC_DELIVERY_MODE_FLAG)
            props._flags = flags
            let status = body.withUnsafeBytes { raw in
                amqp_basic_publish(
                    connection, Self.workChannel, arena.bytes(exchange), arena.bytes(routingKey), 0, 0, &props,
                    amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
            }
            guard status == AMQP_STATUS_OK.rawValue else {
                throw fail(.connectionClosed(detail: "basic.publish: \(libraryErrorText(status))"))
            }
            pendingConfirms[nextPublishTag] = waiter
            nextPublishTag += 1
        } catch {
            waiter.resume(throwing: error)
        }
    }

    /// Reads whatever the broker has sent, without blocking: deliveries go to
    /// the consumer together, as one batch, confirms resume publishers, a
    /// close ends the connection.
    private func pumpFrames() {
        var deliveries: [AMQPDelivery] = []
        defer { if !deliveries.isEmpty { consumer?.yield(deliveries) } }
        for _ in 0..<512 {
            guard let state, !finished else { return }
            amqp_maybe_release_buffers(state)
            var envelope = amqp_envelope_t()
            var noWait = timeval(tv_sec: 0, tv_usec: 0)
            let reply = amqp_consume_message(state, &envelope, &noWait, 0)
            switch reply.reply_type {
            case AMQP_RESPONSE_NORMAL:
                lastHeardFrom = .now
                deliveries.append(delivery(envelope))
                amqp_destroy_envelope(&envelope)
            case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
                return
            case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
                var frame = amqp_frame_t()
                let status = amqp_simple_wait_frame_noblock(state, &frame, &noWait)
                if status == AMQP_STATUS_TIMEOUT.rawValue { return }
                guard status == AMQP_STATUS_OK.rawValue else {
                    fail(.connectionClosed(detail: libraryErrorText(status)))
                    return
                }
                lastHeardFrom = .now
                handle(frame)
            case AMQP_RESPONSE_LIBRARY_EXCEPTION:
                fail(.connectionClosed(detail: libraryErrorText(reply.library_error)))
                return
            default:
                fail(Self.error(from: reply, operation: "consume") ?? .connectionClosed(detail: "unexpected reply"))
                return
            }
        }
    }

    private func handle(_ frame: amqp_frame_t) {
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return }
        let method = frame.payload.method
        switch method.id {
        case commlab_basic_ack_method:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            settle(upTo: ack.delivery_tag, multiple: ack.multiple != 0, error: nil)
        case commlab_basic_nack_method:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            settle(upTo: nack.delivery_tag, multiple: nack.multiple != 0, error: .publishNotConfirmed)
        case commlab_channel_close_method:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            fail(.channelClosed(code: Int(close.reply_code), text: close.reply_text.string))
        case commlab_connection_close_method:
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            fail(.connectionClosed(detail: "\(close.reply_code) \(close.reply_text.string)"))
        default:
            break
        }
    }

    private func settle(upTo tag: UInt64, multiple: Bool, error: AMQPError?) {
        let tags = multiple ? pendingConfirms.keys.filter { $0 <= tag } : [tag]
        for settled in tags {
            pendingConfirms.removeValue(forKey: settled)?.resume(with: error.map { .failure($0) } ?? .success(()))
        }
    }

    private func delivery(_ envelope: amqp_envelope_t) -> AMQPDelivery {
        let raw = envelope.message.properties
        let flags = raw._flags
        var properties = AMQPMessageProperties(contentType: nil, persistent: raw.delivery_mode == 2)
        if flags & UInt32(AMQP_BASIC_MESSAGE_ID_FLAG) != 0 { properties.messageID = raw.message_id.string }
        if flags & UInt32(AMQP_BASIC_CONTENT_TYPE_FLAG) != 0 { properties.contentType = raw.content_type.string }
        if flags & UInt32(AMQP_BASIC_TIMESTAMP_FLAG) != 0 { properties.timestamp = raw.timestamp }
        if flags & UInt32(AMQP_BASIC_HEADERS_FLAG) != 0 { properties.headers = raw.headers.fields }
        return AMQPDelivery(
            body: envelope.message.body.array, deliveryTag: envelope.delivery_tag,
            redelivered: envelope.redelivered != 0, exchange: envelope.exchange.string,
            routingKey: envelope.routing_key.string, properties: properties)
    }
}
