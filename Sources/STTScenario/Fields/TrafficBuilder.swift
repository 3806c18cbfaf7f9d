import STTCore
import STTSim

/// A flow as read, before it is checked whole.
struct TrafficBuilder {
    var id: String
    var from: Int?
    var to: [Int] = []
    var start = STTDuration.zero
    var kind: Scenario.Traffic.Kind
}

extension TrafficBuilder {
    mutating func bounded(_ change: (inout Scenario.Traffic.Bounded) -> Void) {
        if case .bounded(var b) = kind {
            change(&b)
            kind = .bounded(b)
        }
    }

    mutating func live(_ change: (inout Scenario.Traffic.Live) -> Void) {
        if case .live(var l) = kind {
            change(&l)
            kind = .live(l)
        }
    }

    mutating func helloFlood(_ change: (inout Scenario.Traffic.HelloFlood) -> Void) {
        if case .helloFlood(var h) = kind {
            change(&h)
            kind = .helloFlood(h)
        }
    }

    mutating func messages(_ change: (inout Scenario.Traffic.Messages) -> Void) {
        if case .messages(var m) = kind {
            change(&m)
            kind = .messages(m)
        }
    }
}
