import Foundation
import STTCore
import STTPcap
import STTReport
import STTScenario
import STTSim
import STTSimUDP
import STTUDP
import STTUnits

extension RunCommand {
    /// Builds and runs the scenario (in the simulator or over loopback sockets), with the trace
    /// and capture taps attached; returns the report with what the capture wrote.
    func execute(_ scenario: Scenario, trace: OutputFile?, capture: CaptureSettings?, observe: Bool, progress: Bool)
        throws -> (ScenarioReport, ScenarioRunner, RunObserver?)
    {
        var sockets: RealSocketTransport?
        if transport == .udp {
            let endpoints = scenario.nodes.indices.filter { scenario.nodes[$0].kind == .endpoint }
            do { sockets = try RealSocketTransport(nodes: endpoints) } catch {
                throw ScenarioInputError(description: "error: cannot bind loopback sockets: \(error)")
            }
        }
        defer { sockets?.close() }
        // Real sockets use the system's CSPRNG for keys and session ids, unless a test asks for
        // the simulator's seeded ones (--deterministic-keys).
        let randomness: ((Int, Int) -> any RandomNumberGenerator)? =
            transport == .udp && !deterministicKeys ? { _, _ in SystemRandomNumberGenerator() } : nil
        let runner = try ScenarioRunner(
            scenario, seed: seed, addresses: sockets?.addresses ?? [:], endpointRandomness: randomness)
        runner.transport = transport.rawValue
        var writer: CaptureWriter?
        if let capture, capture.isActive {
            let epoch = sockets == nil ? CaptureSettings.epochUnixSeconds * 1_000_000_000 : WallClock.unixNanoseconds()
            do { writer = try CaptureWriter(Self.options(capture, scenario, epoch: epoch)) } catch {
                throw ScenarioInputError(description: "error: \(error)")
            }
            if let writer {
                if writer.writesPackets { runner.simulation.captureSink = { writer.record($0) } }
                runner.simulation.keyLogSink = { writer.logKeys($0, $1) }
            }
        }
        sockets?.attach(to: runner.simulation)
        if let trace {
            let simulation = runner.simulation
            trace.append(
                line: TraceFormat.header(
                    scenario: scenario.name, seed: simulation.seed, transport: transport.rawValue,
                    timeBase: sockets == nil ? "simulated" : "wall-clock"))
            simulation.traceSink = { trace.append(line: simulation.traceLine($0)) }
            simulation.transportEventSink = { node, event in trace.append(line: simulation.traceLine(node: node, event))
            }
        }
        let observer = observe ? RunObserver(attachingTo: runner.simulation) : nil
        var (report, _) = try timedRun(runner, sockets: sockets, progress: progress)
        if let writer {
            writer.close()  // the run is over: flush, and learn of any late write failure
            report.capture = writer.summary
        }
        return (report, runner, observer)
    }

    /// What the capture writer needs from the scenario's (and the flags') capture settings.
    static func options(_ c: CaptureSettings, _ scenario: Scenario, epoch: Int64) -> CaptureWriter.Options {
        var o = CaptureWriter.Options()
        o.pcapPath = c.file
        o.keyLogPath = c.keylog
        o.direction = c.direction
        o.snapLength = c.snapLength
        o.perNode = c.perNode
        o.epochUnixNanoseconds = epoch
        o.nodes = c.capturedNodes(in: scenario)
        return o
    }

    /// Runs in the simulator, or over `sockets` when given, with a progress line on a terminal.
    private func timedRun(_ runner: ScenarioRunner, sockets: RealSocketTransport?, progress: Bool) throws
        -> (ScenarioReport, ScenarioRunner)
    {
        let clock = ContinuousClock()
        let start = clock.now
        let what = sockets == nil ? "simulated" : "of the duration (real sockets)"
        let show: ((Double) -> Void)? =
            progress
            ? { fraction in
                let percent = UnitFormat.percent(fraction)
                FileHandle.standardError.write(Data("\r\(runner.scenario.name): \(percent) \(what)".utf8))
            } : nil
        if let sockets {
            try sockets.run(runner.simulation, until: runner.endTime, stopWhen: { runner.isFinished }, progress: show)
        } else {
            try runner.run(progress: show)
        }
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (runner.report(wallSeconds: seconds), runner)
    }
}
