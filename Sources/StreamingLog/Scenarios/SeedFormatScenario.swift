import Foundation
import LabKit
import OrderDomain
import OrderWorkload

/// Part C's seed-format check: `kcat` writes the seed's example and reads
/// back the record the producer service appended (it answers with its
/// partition and offset).
enum SeedFormatScenario {
    static func make() -> LogSeedFormatScenario<StreamingLogLab> {
        LogSeedFormatScenario(tool: "kcat", package: "kcat") { lab, kcat, body in
            let file = "\(lab.workDirectory)/seed-order-placed.json"
            try body.write(toFile: file, atomically: true, encoding: .utf8)
            let produced = try await ExternalCommand.run(
                kcat,
                ["-P", "-b", lab.broker.address, "-t", StreamingTopology.orderEvents, "-k", "order_000001", file])
            return produced.succeeded ? nil : produced.output
        } readBack: { lab, kcat in
            let answer = await lab.placeOrder(user: "seed-reader", item: "pizza", quantity: 1)
            guard answer.status == 202, let accepted = answer.decode(OrderEntryService.Accepted.self),
                let partition = accepted.partition, let offset = accepted.offset
            else { return [] }
            let read = try await ExternalCommand.run(
                kcat,
                [
                    "-C", "-b", lab.broker.address, "-t", StreamingTopology.orderEvents, "-p", String(partition),
                    "-o", String(offset), "-c", "1", "-e", "-q", "-f", "%s",
                ])
            return read.succeeded ? Array(read.output.utf8) : []
        }
    }
}
