import Kafka

/// A consumer whose poll loop runs until it is closed, as a service group would run it.
func runningConsumer(configuration: KafkaConfiguration, group: String, topics: [String]) throws -> KafkaConsumer {
    let consumer = try KafkaConsumer(configuration: configuration, group: group, topics: topics)
    Task { try await consumer.run() }
    return consumer
}
