import AsyncAlgorithms
import Foundation
import OrderDomain
import ServiceLifecycle

/// The analytics consumer's reports on standard output: a line every
/// `interval` while the totals change, and the full metrics as JSON when the
/// service shuts down.
public struct AnalyticsReporter: Service {
    public let analytics: OrderAnalytics
    public let interval: Duration

    public init(analytics: OrderAnalytics, interval: Duration = .seconds(10)) {
        self.analytics = analytics
        self.interval = interval
    }

    public func run() async throws {
        var last: AnalyticsMetrics?
        for await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            guard let metrics = try? await analytics.metrics() else { continue }
            if metrics != last { Self.emit(Self.line(metrics)) }
            last = metrics
        }
        if let final = try? await analytics.metrics() {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let json = (try? encoder.encode(final)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            Self.emit("analytics final report:\n\(json)")
        }
    }

    static func line(_ metrics: AnalyticsMetrics) -> String {
        "analytics: \(metrics.totalOrders) orders, \(metrics.successfulOrders) successful, \(metrics.failedOrders) failed "
            + "(failure rate \(String(format: "%.2f", metrics.failureRate * 100)) %), "
            + "inventory reserved \(metrics.inventoryReserved), failed \(metrics.inventoryFailed), malformed \(metrics.malformed)"
    }

    private static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
