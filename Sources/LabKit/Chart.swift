/// A chart a scenario asks for; ``SVGChartRenderer`` draws it and the
/// evidence writer saves it as `screenshots/<part>/<fileName>.svg`.
public struct Chart: Sendable {
    public var fileName: String
    public var title: String
    /// Lines under the title: what was measured, n, date.
    public var subtitle: [String]
    public var xLabel: String
    public var yLabel: String
    public var content: Content
    /// Stretches of the x axis drawn shaded behind series (a fault window).
    public var shaded: [ClosedRange<Double>] = []
    /// Print every bar's value above it, however many bars (zeros included).
    public var showsEveryValue = false

    public init(
        fileName: String, title: String, subtitle: [String] = [], xLabel: String, yLabel: String, content: Content,
        shaded: [ClosedRange<Double>] = [], showsEveryValue: Bool = false
    ) {
        self.shaded = shaded
        self.showsEveryValue = showsEveryValue
        self.fileName = fileName
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.content = content
    }

    /// A chart of a measurement taken here: `measured` says what, and the
    /// machine it ran on follows, so no chart leaves the lab without it.
    public init(
        fileName: String, title: String, measured: String, xLabel: String, yLabel: String, content: Content,
        shaded: [ClosedRange<Double>] = [], showsEveryValue: Bool = false
    ) {
        self.init(
            fileName: fileName, title: title, subtitle: [measured, MachineDescription.current().oneLine],
            xLabel: xLabel, yLabel: yLabel, content: content, shaded: shaded, showsEveryValue: showsEveryValue)
    }

    public enum Content: Sendable {
        /// One bar per label.
        case bars([Bar])
        /// Lines (or dots) over a numeric x axis.
        case series([Series])
    }

    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var color: Color

        public init(_ label: String, _ value: Double, color: Color = .blue) {
            self.label = label
            self.value = value
            self.color = color
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        public var color: Color
        /// Draw points only, for scattered samples.
        public var dotsOnly: Bool

        public init(name: String, points: [Point], color: Color, dotsOnly: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.dotsOnly = dotsOnly
        }
    }

    public struct Point: Sendable {
        public var x: Double
        public var y: Double

        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    public struct Color: Sendable {
        public var hex: String
        public static let blue = Color(hex: "#3b6fb6")
        public static let orange = Color(hex: "#e07b39")
        public static let green = Color(hex: "#3a9a5b")
        public static let red = Color(hex: "#c8423b")
        public static let gray = Color(hex: "#8a8a8a")
        public static let purple = Color(hex: "#7b5ea7")
    }
}
