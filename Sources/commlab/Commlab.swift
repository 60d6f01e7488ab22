import ArgumentParser

@main
struct Commlab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commlab",
        abstract: "One food-ordering workflow over sync REST, an AMQP queue and a streaming log, measured.",
        discussion: """
            The workflow is order → inventory → notification. Each part runs it over one
            communication model, on real processes and brokers, and writes evidence:
            results as JSON, a Markdown report and SVG charts.

              commlab lab                   run every part's scenarios, write the evidence
              commlab scenario sync-rest    run part A's scenarios only
              commlab bench sync-rest       part A's benchmark (latency, throughput)
              commlab compare               every model through the same faults, compared
              commlab scale                 inventory instances against throughput and order, per model
              commlab serve sync-rest order one service, as the scenarios start it
            """,
        subcommands: [
            LabCommand.self, CompareCommand.self, ScaleCommand.self, DemoCommand.self, ScenarioCommand.self,
            BenchCommand.self,
            ServeCommand.self,
            BrokerCommand.self,
            ProduceCommand.self,
        ])
}
