import STTCore
import STTSim
import STTTestSupport
import Testing

/// Each impairment, measured over at least 10,000 packets, matches its configuration. Tolerances
/// are about five standard errors, so a correct model fails less than once in a million runs;
/// the seeds are fixed, so these tests are exact regressions.
@Suite("Link impairments match their configuration")
struct ImpairmentTests {
    func measure(
        _ params: LinkParameters, count: Int = 20_000, interval: STTDuration = .microseconds(100),
        size: Int = 200, seed: UInt64 = 1
    ) throws -> (Simulation, LinkProbe) {
        let h = try TwoHosts(seed: seed, link: params)
        let probe = LinkProbe(h.sim)
        blast(h.sim, count: count, size: size, interval: interval)
        try h.sim.run(until: .s(3600))
        return (h.sim, probe)
    }

    @Test("Bernoulli loss: the loss rate is p")
    func bernoulliLoss() throws {
        let (sim, probe) = try measure(LinkParameters(loss: .bernoulli(p: 0.1)))
        let rate = Double(probe.lossSequence.filter { $0 }.count) / 20_000
        #expect(abs(rate - 0.1) < 5 * (0.1 * 0.9 / 20_000).squareRoot(), "loss rate \(rate) (seed \(sim.seed))")
        #expect(sim.linkStatistics(0).forward[.loss] == probe.lossSequence.filter { $0 }.count)
    }

    @Test("Gilbert-Elliott loss: mean loss [r(1-k)+p(1-h)]/(p+r) and mean burst length 1/r")
    func gilbertElliott() throws {
        let (p, r) = (0.01, 0.25)
        let (_, probe) = try measure(
            LinkParameters(loss: .gilbertElliott(p: p, r: r, h: 0, k: 1)), count: 60_000,
            interval: .microseconds(20))
        let losses = probe.lossSequence
        let rate = Double(losses.filter { $0 }.count) / Double(losses.count)
        let expected = (r * (1 - 1) + p * (1 - 0)) / (p + r)
        #expect(abs(rate - expected) / expected < 0.15, "mean loss \(rate), expected \(expected)")
        var bursts: [Int] = []
        var run = 0
        for lost in losses {
            if lost {
                run += 1
            } else if run > 0 {
                bursts.append(run)
                run = 0
            }
        }
        let meanBurst = Double(bursts.reduce(0, +)) / Double(bursts.count)
        #expect(abs(meanBurst - 1 / r) / (1 / r) < 0.15, "mean burst \(meanBurst), expected \(1 / r)")
    }

    @Test("duplication: the duplicate rate is the configured probability")
    func duplication() throws {
        let (sim, _) = try measure(LinkParameters(duplicateProbability: 0.05))
        let stats = sim.linkStatistics(0).forward
        let rate = Double(stats.duplicated) / 20_000
        #expect(abs(rate - 0.05) < 5 * (0.05 * 0.95 / 20_000).squareRoot(), "duplicate rate \(rate)")
        #expect(stats.delivered == 20_000 + stats.duplicated)
    }

    @Test("explicit reordering: packets chosen with probability r overtake the ones before them")
    func reordering() throws {
        let (sim, _) = try measure(LinkParameters(propagationDelay: .milliseconds(10), reorderProbability: 0.1))
        let rate = Double(sim.linkStatistics(0).forward.reordered) / 20_000
        // A chosen packet overtakes unless the packet before it was chosen too: rate ≈ r(1 - r).
        #expect(abs(rate - 0.09) < 0.012, "reordered rate \(rate)")
    }

    @Test(
        "delay: mean and spread match each jitter distribution",
        arguments: [
            (JitterDistribution.uniform(width: .milliseconds(5)), 20.0, 5 / 3.0.squareRoot()),
            (.normal(sigma: .milliseconds(3)), 20.0, 3.0),
            (.exponential(mean: .milliseconds(5)), 25.0, 5.0),
        ])
    func jitter(distribution: JitterDistribution, expectedMean: Double, expectedSD: Double) throws {
        let (_, probe) = try measure(LinkParameters(propagationDelay: .milliseconds(20), jitter: distribution))
        let d = probe.delaysMs
        #expect(d.count == 20_000)
        #expect(abs(mean(d) - expectedMean) < 0.15, "mean delay \(mean(d)) ms")
        #expect(abs(standardDeviation(d) - expectedSD) / expectedSD < 0.05, "spread \(standardDeviation(d)) ms")
        #expect(d.min()! >= 0)
    }

    @Test("pareto jitter: heavy-tailed with the configured mean")
    func paretoJitter() throws {
        let (_, probe) = try measure(
            LinkParameters(
                propagationDelay: .milliseconds(20),
                jitter: .pareto(mean: .milliseconds(5), shape: 3)))
        let d = probe.delaysMs
        #expect(abs(mean(d) - 25) < 0.5, "mean delay \(mean(d)) ms")
        #expect(d.min()! >= 20 + 5 * 2 / 3 - 0.01, "pareto never goes below its scale")
        #expect(d.max()! > 35, "the tail reaches far")
    }

    @Test("a saturated link delivers at its bandwidth and its queue never exceeds the limit")
    func saturatedLink() throws {
        // 1000-byte IP packets offered at 16 Mbit/s to a 10 Mbit/s link with a 50-packet queue.
        let params = LinkParameters(
            propagationDelay: .milliseconds(5), bandwidthBitsPerSecond: 10e6, queueLimitPackets: 50)
        let (sim, probe) = try measure(params, count: 20_000, interval: .microseconds(500), size: 1000 - 28)
        let stats = sim.linkStatistics(0).forward
        let first = probe.deliveredAt.values.min()!
        let last = probe.deliveredAt.values.max()!
        let throughput = Double((stats.delivered - 1) * 1000 * 8) / (Double(last - first) / 1e9)
        #expect(abs(throughput - 10e6) / 10e6 < 0.01, "throughput \(throughput) bit/s")
        #expect(stats.peakQueuePackets == 50 && stats[.queue] > 0)
        #expect(stats.delivered + stats[.queue] == 20_000)
    }

    @Test("a byte-limited queue never holds more bytes than its limit")
    func byteQueueLimit() throws {
        let params = LinkParameters(bandwidthBitsPerSecond: 1e6, queueLimitBytes: 10_000)
        let (sim, _) = try measure(params, count: 10_000, interval: .microseconds(200))
        let stats = sim.linkStatistics(0).forward
        #expect(stats.peakQueueBytes <= 10_000 && stats.peakQueueBytes > 9_000 && stats[.queue] > 0)
    }

    @Test("a datagram larger than the MTU is dropped and counted")
    func mtu() throws {
        let h = try TwoHosts(seed: 1, link: LinkParameters(mtu: 1280))
        h.sim.injectDatagram(from: 0, to: h.sim.address(of: 1), payload: [UInt8](repeating: 0, count: 1253), at: .zero)
        h.sim.injectDatagram(from: 0, to: h.sim.address(of: 1), payload: [UInt8](repeating: 0, count: 1252), at: .zero)
        try h.sim.run(until: .s(1))
        let stats = h.sim.linkStatistics(0).forward
        #expect(stats[.mtu] == 1 && stats.delivered == 1)
    }

    @Test("a down link drops everything and an asymmetric link keeps its directions apart")
    func downAndAsymmetric() throws {
        let sim = Simulation(seed: 3)
        let a = try sim.addEndpoint("a", nodeSeed: seedBytes("a"), sharedSeed: shared)
        let b = try sim.addEndpoint("b", nodeSeed: seedBytes("b"), sharedSeed: shared)
        let link = sim.addLink(
            a, b, LinkParameters(propagationDelay: .milliseconds(5)),
            reverse: LinkParameters(propagationDelay: .milliseconds(40), isUp: false))
        let probe = LinkProbe(sim)
        sim.injectDatagram(from: a, to: sim.address(of: b), payload: [1], at: .zero)
        sim.injectDatagram(from: b, to: sim.address(of: a), payload: [2], at: .zero)
        try sim.run(until: .s(1))
        #expect(sim.linkStatistics(link).forward.delivered == 1 && sim.linkStatistics(link).reverse[.down] == 1)
        #expect(probe.delaysMs == [5])
    }
}
