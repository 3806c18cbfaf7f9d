import Foundation
import NIOConcurrencyHelpers

/// Runs a campaign's jobs in worker processes (`stt-sim campaign worker …`), one job per line
/// on a worker's standard input and one result line back. Jobs are handed out in index order
/// and the results are kept by index, so the output does not depend on which worker finished
/// first. A budget stops the hand-out; every job handed out still finishes, so the jobs done
/// are a prefix. A worker that dies (a trap, a signal) costs only its job: the job's result
/// says how it died, and a fresh worker takes the next one.
final class WorkerPool: Sendable {
    enum Outcome: Sendable {
        case line(String)
        /// How the worker died running the job, e.g. "signal 4 (SIGILL, a Swift trap)".
        case died(String)
    }

    private let executable: String
    private let arguments: [String]
    let workers: Int
    /// A job with no answer by then is a hung worker: it is killed and the job recorded as died.
    let jobTimeoutSeconds: Int32

    init(arguments: [String], workers: Int, jobTimeoutSeconds: Int32 = 900) {
        executable = Self.ownExecutable()
        self.arguments = arguments
        self.workers = max(1, workers)
        self.jobTimeoutSeconds = jobTimeoutSeconds
    }

    /// Runs jobs `0 ..< count` (`job(i)` is the line sent) until done or past `deadline`;
    /// `progress` is called about every 2 s with the number finished. Returns every result of
    /// the prefix handed out (nil beyond it).
    func run(
        count: Int, deadline: Date?, job: @escaping @Sendable (Int) -> String,
        progress: (Int) -> Void = { _ in }
    ) -> [Outcome?] {
        signal(SIGPIPE, SIG_IGN)  // a dead worker's pipe must not kill the campaign
        let state = NIOLockedValueBox(State())
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<min(workers, max(count, 1)) {
            let thread = Thread { [self] in
                serve(state: state, count: count, deadline: deadline, job: job)
                finished.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        var remaining = min(workers, max(count, 1))
        while remaining > 0 {
            if finished.wait(timeout: .now() + 2) == .success {
                remaining -= 1
            } else {
                progress(state.withLockedValue { $0.finished })
            }
        }
        return state.withLockedValue { $0.results }
    }

    private struct State {
        /// Grown as jobs are handed out: a budget over a huge range allocates only what runs.
        var results: [Outcome?] = []
        var next = 0
        var finished = 0
    }

    private func serve(state: NIOLockedValueBox<State>, count: Int, deadline: Date?, job: (Int) -> String) {
        var worker: Worker?
        while true {
            let index: Int? = state.withLockedValue { s in
                guard s.next < count, deadline.map({ Date() < $0 }) ?? true else { return nil }
                s.next += 1
                s.results.append(nil)
                return s.next - 1
            }
            guard let index else { break }
            let outcome: Outcome
            do {
                if worker == nil { worker = try Worker(executable: executable, arguments: arguments) }
                outcome = worker?.ask(job(index), timeoutSeconds: jobTimeoutSeconds) ?? .died("no worker")
            } catch {
                outcome = .died("could not start a worker: \(error)")
            }
            if case .died = outcome { worker = nil }
            state.withLockedValue { s in
                s.results[index] = outcome
                s.finished += 1
            }
        }
        worker?.finish()
    }

    /// This program's path, so that workers run the same binary.
    static func ownExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments[0]
    }
}

/// One worker process and its pipes.
private final class Worker {
    private let process = Process()
    private let input: FileHandle
    private var reader: LineReader

    /// Pipes are made and the child spawned under one lock: a pipe another thread opens in
    /// between would leak into this child, which would then hold that worker's pipe open and hide
    /// its death.
    private static let spawning = NIOLock()

    init(executable: String, arguments: [String]) throws {
        let child = process
        let (stdin, stdout) = try Self.spawning.withLock {
            let stdin = Pipe()
            let stdout = Pipe()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = arguments
            child.standardInput = stdin
            child.standardOutput = stdout
            child.standardError = FileHandle.nullDevice
            // The Swift runtime's crash backtracer inherits the worker's pipes and can outlive it
            // (it did under AddressSanitizer), hiding the death; the replay command shows the
            // backtrace instead.
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            child.environment = environment
            try child.run()
            // The parent's copies of the child's ends, closed at once: no later child inherits them.
            try? stdin.fileHandleForReading.close()
            try? stdout.fileHandleForWriting.close()
            return (stdin, stdout)
        }
        input = stdin.fileHandleForWriting
        reader = LineReader(stdout.fileHandleForReading.fileDescriptor)
    }

    func ask(_ job: String, timeoutSeconds: Int32) -> WorkerPool.Outcome {
        do {
            try input.write(contentsOf: Array((job + "\n").utf8))
        } catch {
            return died()
        }
        switch reader.next(timeoutSeconds: timeoutSeconds) {
        case .line(let line): return .line(line)
        case .end: return died()
        case .timedOut:
            kill(process.processIdentifier, SIGKILL)
            _ = died()
            return .died("no answer in \(timeoutSeconds) s: hung, killed")
        }
    }

    private func died() -> WorkerPool.Outcome {
        try? input.close()
        switch reap() {
        case .signal(let number): return .died("signal \(number) (\(Self.name(number)))")
        case .exit(let status): return .died("exit status \(status)")
        case .unknown: return .died("it ended (status unknown)")
        }
    }

    func finish() {
        try? input.write(contentsOf: Array("exit\n".utf8))
        try? input.close()
        _ = reap()
    }

    private enum Ending {
        case exit(Int32)
        case signal(Int32)
        case unknown
    }

    /// Waits for the child with `waitpid` itself: `Process.waitUntilExit` relies on Foundation
    /// noticing SIGCHLD, which under AddressSanitizer it did not, leaving the campaign waiting
    /// on a zombie. If Foundation reaped it first, its recorded status is used.
    private func reap() -> Ending {
        let pid = process.processIdentifier
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped < 0 && errno == EINTR
        if reaped == pid {
            let signal = status & 0x7f
            return signal != 0 && signal != 0x7f ? .signal(signal) : .exit((status >> 8) & 0xff)
        }
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        guard !process.isRunning else { return .unknown }
        let code = process.terminationStatus
        return process.terminationReason == .uncaughtSignal ? .signal(code) : .exit(code)
    }

    private static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: return "SIGILL, a Swift runtime trap"
        case SIGTRAP: return "SIGTRAP, a Swift runtime trap"
        case SIGABRT: return "SIGABRT"
        case SIGSEGV: return "SIGSEGV"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL, perhaps out of memory"
        default: return "signal \(signal)"
        }
    }
}

/// Lines from a file descriptor, read in 64 KiB pieces (one result line can be long).
struct LineReader {
    enum Result {
        case line(String)
        case end
        case timedOut
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(_ fd: Int32) { self.fd = fd }

    /// The next line without its newline; nil at the end of input.
    mutating func next() -> String? {
        if case .line(let line) = next(timeoutSeconds: -1) { return line }
        return nil
    }

    /// The next line, or the end, or nothing within `timeoutSeconds` (negative: wait forever).
    mutating func next(timeoutSeconds: Int32) -> Result {
        let limit = timeoutSeconds < 0 ? nil : Date().addingTimeInterval(Double(timeoutSeconds))
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                if start > 1 << 16 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return .line(line)
            }
            if let limit {
                let left = limit.timeIntervalSinceNow
                guard left > 0 else { return .timedOut }
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(min(left * 1000, 3_600_000).rounded(.up)))
                if ready == 0 { return .timedOut }
                if ready < 0, errno != EINTR { return .end }
                if ready < 0 { continue }
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return .end }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
