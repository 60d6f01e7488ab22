// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "commlab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "commlab", targets: ["commlab"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The workflow's rules and wire shapes; knows nothing of any transport.
        .target(
            name: "OrderDomain",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Fault plans and their injector: what every service can be told to do wrong.
        .target(
            name: "Faults",
            swiftSettings: swiftSettings
        ),
        // Transport-neutral messaging: publisher, message source, dispositions, the one processing loop.
        .target(
            name: "Messaging",
            dependencies: [
                "Faults",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The harness: processes, faults over HTTP, latency, load, scenarios, reports, charts, the Part protocol.
        // It knows no workload and no broker.
        // Link faults: a service's connections cut by the kernel (iptables on its cgroup), where root allows.
        .target(
            name: "LinkFaults",
            dependencies: ["LabKit", "NetfilterQueue"],
            swiftSettings: swiftSettings
        ),
        // libnetfilter_queue (Debian libnetfilter-queue-dev), seen only by NetfilterQueue; Linux only.
        .systemLibrary(
            name: "CNetfilterQueue",
            providers: [.apt(["libnetfilter-queue-dev"])]
        ),
        // Packets of a netfilter queue held in user space and let go on a pace: latency, jitter, a rate cap.
        .target(
            name: "NetfilterQueue",
            dependencies: ["CNetfilterQueue"],
            swiftSettings: swiftSettings,
            linkerSettings: [
                .linkedLibrary("netfilter_queue", .when(platforms: [.linux])),
                .linkedLibrary("nfnetlink", .when(platforms: [.linux])),
            ]
        ),
        .target(
            name: "LabKit",
            dependencies: [
                "Faults",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // librabbitmq (Debian librabbitmq-dev), seen only by the AMQP module.
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        // A small Swift API over librabbitmq; nothing else touches its C pointers. Implements Messaging.
        .target(
            name: "AMQP",
            dependencies: [
                "CRabbitMQ",
                "Messaging",
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // librdkafka (Debian librdkafka-dev), seen only by the Kafka module.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // A small Swift API over librdkafka: producer, group consumer, lag, the mock cluster. Implements Messaging.
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                "Messaging",
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // What a broker is to the harness, whatever its engine: the handle a lab holds (address, process,
        // the faults it supports) and the engine protocol. Knows no engine and no client library.
        .target(
            name: "Brokers",
            dependencies: ["LabKit", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
        // The RabbitMQ engine: a private node on loopback, or the broker AMQP_URL names.
        .target(
            name: "RabbitMQEngine",
            dependencies: [
                "AMQP",
                "Brokers",
                "LabKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Kafka-protocol engine: the embedded broker (librdkafka's mock cluster in its own process), or
        // the cluster KAFKA_BROKERS names; the client options every Kafka service takes.
        .target(
            name: "KafkaEngine",
            dependencies: [
                "Brokers",
                "Kafka",
                "LabKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The food-ordering workload as every part serves it: order requests, the inventory handler,
        // shared routes, the lab's view of an order service.
        .target(
            name: "OrderWorkload",
            dependencies: [
                "Brokers",
                "Faults",
                "LabKit",
                "LinkFaults",
                "Messaging",
                "OrderDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Part D: the log model on RabbitMQ streams, each reader keeping its offsets beside its state.
        .target(
            name: "RabbitStreamLog",
            dependencies: [
                "AMQP",
                "Brokers",
                "Faults",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                "RabbitMQEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Part A: the blocking REST chain and its scenarios.
        .target(
            name: "SyncREST",
            dependencies: [
                "LinkFaults",
                "Faults",
                "LabKit",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Part B: the workflow over a RabbitMQ queue, and its scenarios.
        .target(
            name: "AsyncQueue",
            dependencies: [
                "AMQP",
                "Brokers",
                "Faults",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                "RabbitMQEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Part C: the workflow over a Kafka-protocol log, and its scenarios.
        .target(
            name: "StreamingLog",
            dependencies: [
                "Brokers",
                "Faults",
                "Kafka",
                "KafkaEngine",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The pizza line (the seeds' second system): nine machines, order processing, the goods provider and the
        // latency tables, each its own process over the Kafka protocol.
        .target(
            name: "PizzaLine",
            dependencies: [
                "Brokers",
                "Faults",
                "Kafka",
                "KafkaEngine",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // `commlab compare`: one workload and one fault schedule (a YAML file) against every model,
        // counted per order id, written up as COMPARISON.md. Knows parts only as `ComparablePart`.
        .target(
            name: "Comparison",
            dependencies: [
                "Faults",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // `commlab demo`: the three models side by side in a live page (Chart.js from Debian), faults from the page,
        // and its browser test over WebDriver (Debian's chromium and chromium-driver).
        .target(
            name: "Demo",
            dependencies: [
                "Comparison",
                "Faults",
                "LabKit",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one executable: a generic CLI over the parts' catalogue.
        .executableTarget(
            name: "commlab",
            dependencies: [
                "AsyncQueue",
                "Brokers",
                "Comparison",
                "Demo",
                "Faults",
                "Kafka",
                "KafkaEngine",
                "LabKit",
                "OrderWorkload",
                "PizzaLine",
                "RabbitMQEngine",
                "RabbitStreamLog",
                "StreamingLog",
                "SyncREST",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The layering rule, read from this manifest: no dependency runs upward.
        .testTarget(
            name: "ArchitectureTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FaultsTests",
            dependencies: ["Faults"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LinkFaultsTests",
            dependencies: ["LinkFaults", "LabKit", "NetfilterQueue"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OrderWorkloadTests",
            dependencies: [
                "Faults",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BrokersTests",
            dependencies: [
                "Brokers",
                "LabKit",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CommlabTests",
            dependencies: [
                "commlab",
                "RabbitStreamLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: [
                "Faults",
                "Messaging",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AMQPTests",
            dependencies: [
                "AMQP",
                "LabKit",
                "Messaging",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RabbitMQEngineTests",
            dependencies: [
                "AMQP",
                "LabKit",
                "RabbitMQEngine",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AsyncQueueTests",
            dependencies: [
                "AMQP",
                "AsyncQueue",
                "Faults",
                "LabKit",
                "Messaging",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka",
                "KafkaEngine",
                "LabKit",
                "Messaging",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StreamingLogTests",
            dependencies: [
                "Faults",
                "Kafka",
                "LabKit",
                "OrderDomain",
                "OrderWorkload",
                "StreamingLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PizzaLineTests",
            dependencies: [
                "Messaging",
                "OrderDomain",
                "PizzaLine",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DemoTests",
            dependencies: [
                "Comparison",
                "Demo",
                "Faults",
                "LabKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ComparisonTests",
            dependencies: [
                "Comparison",
                "Faults",
                "LabKit",
                "OrderDomain",
                "OrderWorkload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OrderDomainTests",
            dependencies: [
                "OrderDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LabKitTests",
            dependencies: [
                "Faults",
                "LabKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SyncRESTTests",
            dependencies: [
                "Faults",
                "LabKit",
                "OrderDomain",
                "OrderWorkload",
                "SyncREST",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
