import ArgumentParser
import LabKit

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run one service of one part in the foreground until SIGINT/SIGTERM.",
        discussion: """
            commlab serve PART ROLE [options]; `commlab serve PART ROLE --help` lists the role's options.

            \(PartCatalog.listing)

            Every service answers GET /health and GET|PUT|DELETE /admin/faults, e.g.
              curl -X PUT localhost:PORT/admin/faults -d '{"fault":"inventory_slow","delay_ms":2000}'
              curl -X PUT localhost:PORT/admin/faults -d '{"delay_ms":2000}'
              curl -X PUT localhost:PORT/admin/faults -d '{"error_status":500,"error_rate":0.5}'
              curl -X DELETE localhost:PORT/admin/faults

            Part A by hand (start inventory and notification first):
              commlab serve sync-rest inventory --port 8102 --database inv.sqlite &
              commlab serve sync-rest notification --port 8103 &
              commlab serve sync-rest order --port 8101 \\
                  --inventory-url http://127.0.0.1:8102 --notification-url http://127.0.0.1:8103 &
              curl -i localhost:8101/order -d '{"user_id":"u1","item":"pizza","quantity":2}'
            Part B (every role declares the topology it needs, so any order works):
              eval "$(commlab broker rabbitmq start)"; export AMQP_URL
              commlab serve async-queue inventory --port 8202 --database inv.sqlite &
            Part C (topics are created by the lab; on a real cluster, auto-creation works too):
              eval "$(commlab broker kafka start)"; export KAFKA_BROKERS
              commlab serve streaming-log analytics --port 8303 --database analytics.sqlite &
            """)

    @Argument(help: "The part: \(PartCatalog.names).")
    var part: String

    @Argument(help: "The role (service) within the part.")
    var role: String

    @Argument(parsing: .captureForPassthrough, help: "The role's options (see PART ROLE --help).")
    var options: [String] = []

    func validate() throws {
        let part = try PartCatalog.named(part)
        guard part.roles.contains(role) || role == "--help" || role == "-h" else {
            throw ValidationError("\(part.name) has no role '\(role)'; roles: \(part.roles.joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await PartCatalog.named(part).serve(role: role, arguments: options)
    }
}
