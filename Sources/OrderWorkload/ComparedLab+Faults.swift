import AsyncHTTPClient
import Faults
import LabKit
import OrderDomain

/// The faults the comparison and the demo inject, done one way for both:
/// each returns what it did, in words for an event log.
extension ComparedLab {
    public func slowInventory(milliseconds: Int) async throws -> String {
        try await setInventoryFaults(.delay(milliseconds: milliseconds))
        return "inventory +\(milliseconds) ms per order"
    }

    public func failInventory(rate: Double) async throws -> String {
        try await setInventoryFaults(FaultPlan(errorStatus: 500, errorRate: rate))
        return "inventory failing \(Int((rate * 100).rounded()))%"
    }

    public func clearInventoryFaults() async throws -> String {
        try await setInventoryFaults(.none)
        return "inventory fault cleared"
    }

    public func stopInventory() async throws -> String {
        _ = try await inventory.stop()
        return "inventory stopped"
    }

    public func startInventory(http: HTTPClient) async throws -> String {
        guard !(await inventory.isRunning) else { return "inventory already running" }
        try await inventory.start(http: http)
        return "inventory started again"
    }

    /// SIGKILL to the consumer, and a restart after `restartAfter`.
    public func crashConsumer(restartAfter: Duration, http: HTTPClient) async throws -> String {
        let consumer = try crashableConsumer.get()
        try await consumer.kill()
        try await Task.sleep(for: restartAfter)
        try await consumer.start(http: http)
        return "consumer SIGKILLed, started again after \(Int(restartAfter.milliseconds)) ms"
    }

    public func pauseBroker() async throws -> String {
        try await pausableBroker.get().pause()
        return "broker paused (SIGSTOP)"
    }

    public func resumeBroker() throws -> String {
        try pausableBroker.get().resume()
        return "broker resumed (SIGCONT)"
    }
}
