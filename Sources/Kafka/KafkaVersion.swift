import CRdKafka

/// The librdkafka the lab is linked against, for benchmark reports.
public enum KafkaVersion {
    public static var library: String { String(cString: rd_kafka_version_str()) }
}
