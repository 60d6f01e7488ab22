import AsyncAlgorithms
import Foundation
import Logging
import OrderDomain
import ServiceLifecycle

/// Works through the ``CompensationOutbox`` until it is empty, retrying
/// while a downstream service is down: for each order, first cancel it at
/// the notification service — if its notification was recorded after all
/// (a late answer), the order stands and nothing is given back — then
/// release its reservation at inventory (a release of an order never
/// reserved leaves a tombstone that refuses a late reservation).
struct CompensationWorker: Service {
    let outbox: CompensationOutbox
    let inventory: InventoryClient
    let notifications: NotificationClient
    let logger: Logger
    var interval: Duration = .milliseconds(200)

    func run() async throws {
        for await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            await drain()
        }
        // One last pass, so a clean stop leaves as little as possible for the next start.
        await drain()
    }

    /// One pass over the outbox; what fails stays for the next pass.
    func drain() async {
        guard let orders = try? await outbox.pending() else { return }
        for orderID in orders { await compensate(orderID) }
    }

    /// Compensates one order; on failure it stays in the outbox.
    func compensate(_ orderID: String) async {
        do {
            switch try await notifications.cancel(orderID: orderID) {
            case .alreadyNotified:
                logger.notice("order \(orderID) was notified after all: it stands, stock kept")
            case .cancelled:
                try await inventory.releaseOrThrow(orderID: orderID)
            }
            try await outbox.finished(orderID)
        } catch {
            logger.warning("compensation of order \(orderID) not done yet: \(error)")
        }
    }
}

/// A downstream answer that is not the one a compensation step needs.
struct CompensationStepFailed: Error, CustomStringConvertible {
    var step: String
    var answer: DownstreamAnswer

    var description: String {
        switch answer {
        case .answered(let status, let body):
            "\(step) answered \(status): \(InventoryClient.message(from: body))"
        case .unreachable(let detail): "\(step): unreachable (\(detail))"
        case .timedOut: "\(step): timed out"
        }
    }
}
