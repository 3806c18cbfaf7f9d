import STTCore
import STTSim

/// The top level of a scenario file as read.
struct ScenarioBuilder {
    var name = ""
    var description = ""
    var duration = STTDuration.seconds(60)
    var capture = CaptureSettings()
    var expect = ExpectBuilder()
    var events: [Scenario.Event] = []
}
