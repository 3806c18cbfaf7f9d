/// The running maximum of samples over a window of `length` time units (BBR's bandwidth filter
/// counts ProbeBW cycles, its ACK-aggregation filter rounds). Kathleen Nichols' algorithm: the
/// best, second-best and third-best samples of sub-windows are kept, so an expired best is
/// replaced by the next without storing every sample.
struct WindowedMaxFilter: Equatable {
    private struct Sample: Equatable {
        var time: Int
        var value: Double
    }

    let length: Int
    private var samples: [Sample] = []

    init(length: Int) { self.length = max(1, length) }

    /// The maximum over the window (0 before any sample).
    var best: Double { samples.first?.value ?? 0 }

    mutating func reset(value: Double, time: Int) { samples = [Sample(time: time, value: value)] }

    /// Takes `value` measured at `time` (times never decrease).
    mutating func update(_ value: Double, time: Int) {
        let sample = Sample(time: time, value: value)
        if samples.isEmpty || value >= samples[0].value || time - samples[2].time > length {
            samples = [sample, sample, sample]  // a new best, or everything kept expired
            return
        }
        if value >= samples[1].value {
            samples[1] = sample
            samples[2] = sample
        } else if value >= samples[2].value {
            samples[2] = sample
        }
        expire(sample)
    }

    /// Ages the kept samples: an expired best gives way to the next; sub-windows stay spread.
    private mutating func expire(_ sample: Sample) {
        let elapsed = sample.time - samples[0].time
        if elapsed > length {
            samples[0] = samples[1]
            samples[1] = samples[2]
            samples[2] = sample
            if sample.time - samples[0].time > length {
                samples[0] = samples[1]
                samples[1] = samples[2]
            }
        } else if samples[1].time == samples[0].time, elapsed > length / 4 {
            samples[1] = sample
            samples[2] = sample
        } else if samples[2].time == samples[1].time, elapsed > length / 2 {
            samples[2] = sample
        }
    }
}
