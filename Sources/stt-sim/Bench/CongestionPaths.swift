import STTCore
import STTSim

/// The paths of `stt-sim bench --filter cc`, with the goals for the default algorithm.
enum CongestionPaths {
    static let mb = 1_000_000
    static let gigabit = 1e9
    static let hundredMegabit = 100e6
    static let twentyMegabit = 20e6
    static let noJitterOrReordering =
        "ns-3's point-to-point channel has no jitter or reordering"

    static let all: [CongestionPath] = [
        CongestionPath(
            name: "1g-100ms-clean", rateBitsPerSecond: gigabit, oneWayDelay: .milliseconds(50),
            bytesPerFlow: 400 * mb, goals: [.steadyFraction(0.90), .drops(0.01)]),
        CongestionPath(
            name: "1g-100ms-loss-0.1%", rateBitsPerSecond: gigabit, oneWayDelay: .milliseconds(50),
            loss: .bernoulli(p: 0.001), bytesPerFlow: 400 * mb, goals: [.steadyFraction(0.85)]),
        CongestionPath(
            name: "1g-100ms-loss-1%", rateBitsPerSecond: gigabit, oneWayDelay: .milliseconds(50),
            loss: .bernoulli(p: 0.01), bytesPerFlow: 400 * mb, goals: [.steadyFraction(0.70)]),
        CongestionPath(
            name: "1g-100ms-1k-segments", rateBitsPerSecond: gigabit, oneWayDelay: .milliseconds(50),
            bytesPerFlow: 400 * mb, segmentSize: 1_024, goals: [.steadyFraction(0.80)],
            ns3: .notAvailable("TCP has no segments")),
        CongestionPath(
            name: "1g-100ms-reorder-1%", rateBitsPerSecond: gigabit, oneWayDelay: .milliseconds(50),
            reorder: 0.01, bytesPerFlow: 400 * mb, goals: [.ofClean("1g-100ms-clean", 0.90)],
            ns3: .notAvailable(noJitterOrReordering)),
        CongestionPath(
            name: "1g-100ms-jitter-1ms", rateBitsPerSecond: gigabit, oneWayDelay: .milliseconds(50),
            jitter: .normal(sigma: .milliseconds(1)), bytesPerFlow: 400 * mb,
            goals: [.ofClean("1g-100ms-clean", 0.90)], ns3: .notAvailable(noJitterOrReordering)),
        CongestionPath(
            name: "100m-40ms-clean", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            bytesPerFlow: 100 * mb),
        CongestionPath(
            name: "100m-40ms-loss-0.1%", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            loss: .bernoulli(p: 0.001), bytesPerFlow: 100 * mb, goals: [.steadyFraction(0.90)]),
        CongestionPath(
            name: "100m-40ms-loss-1%", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            loss: .bernoulli(p: 0.01), bytesPerFlow: 100 * mb, goals: [.steadyFraction(0.80)]),
        CongestionPath(
            name: "100m-40ms-loss-5%", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            loss: .bernoulli(p: 0.05), bytesPerFlow: 100 * mb),
        CongestionPath(
            name: "100m-40ms-gilbert-elliott", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            loss: .gilbertElliott(p: 0.002, r: 0.25, h: 0.5, k: 1), bytesPerFlow: 100 * mb,
            ns3: .notAvailable("ns-3 3.37 has no Gilbert-Elliott error model")),
        CongestionPath(
            name: "100m-40ms-shallow-0.25bdp", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            queueBDP: 0.25, bytesPerFlow: 100 * mb),
        CongestionPath(
            name: "100m-40ms-deep-4bdp", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            queueBDP: 4, bytesPerFlow: 100 * mb, goals: [.queueDelayP50(ofBaseRTT: 0.25)]),
        CongestionPath(
            name: "20m-50ms-clean", rateBitsPerSecond: twentyMegabit, oneWayDelay: .milliseconds(25),
            bytesPerFlow: 25 * mb),
        CongestionPath(
            name: "20m-50ms-reorder-1%", rateBitsPerSecond: twentyMegabit, oneWayDelay: .milliseconds(25),
            reorder: 0.01, bytesPerFlow: 25 * mb, goals: [.ofClean("20m-50ms-clean", 0.90)],
            ns3: .notAvailable(noJitterOrReordering)),
        CongestionPath(
            name: "20m-50ms-jitter-1ms", rateBitsPerSecond: twentyMegabit, oneWayDelay: .milliseconds(25),
            jitter: .normal(sigma: .milliseconds(1)), bytesPerFlow: 25 * mb,
            goals: [.ofClean("20m-50ms-clean", 0.90)], ns3: .notAvailable(noJitterOrReordering)),
        CongestionPath(
            name: "100m-40ms-10-flows", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            bytesPerFlow: 10 * mb, flows: 10, goals: [.jain(0.95), .steadyFraction(0.90)]),
        CongestionPath(
            name: "100m-40ms-200-flows", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            bytesPerFlow: 1 * mb, flows: 200, goals: [.jain(0.95), .steadyFraction(0.90)]),
        CongestionPath(
            name: "100m-40ms-bbr-vs-cubic", rateBitsPerSecond: hundredMegabit, oneWayDelay: .milliseconds(20),
            queueBDP: 2, bytesPerFlow: 50 * mb, flows: 2, mix: [.bbr, .cubic]),
    ]
}
