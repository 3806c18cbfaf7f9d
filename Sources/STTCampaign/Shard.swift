/// One slice of a campaign's runs: shard `index` of `count` (0-based) takes the contiguous
/// block `total × index / count ..< total × (index + 1) / count`, so the shards of one campaign
/// cover every run exactly once, whatever the total.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `i/n` (0 ≤ i < n).
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError("--shard must be i/n, like 0/4 (got \"\(text)\")")
        }
        guard n >= 1, n <= 1_000_000, i >= 0, i < n else {
            throw ShardError("--shard \(text): i must be from 0 to n − 1 and n from 1 to 1000000")
        }
        self.init(index: i, count: n)
    }

    /// The shard a batch system gives this process, if any: a Slurm array task
    /// (`SLURM_ARRAY_TASK_ID`, `_MIN`, `_STEP`, `_COUNT`; arrays often start at 1) or a
    /// Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, with the count in `STT_SHARD_COUNT`).
    public static func fromEnvironment(_ env: [String: String]) throws(ShardError) -> Shard? {
        func number(_ key: String) throws(ShardError) -> Int? {
            guard let text = env[key] else { return nil }
            guard let n = Int(text) else { throw ShardError("\(key)=\(text) is not a whole number") }
            return n
        }
        if let id = try number("SLURM_ARRAY_TASK_ID") {
            guard let count = try number("SLURM_ARRAY_TASK_COUNT") else {
                throw ShardError("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")
            }
            let minimum = try number("SLURM_ARRAY_TASK_MIN") ?? 0
            let step = try number("SLURM_ARRAY_TASK_STEP") ?? 1
            guard (1...1_000_000).contains(count), (0...1_000_000_000).contains(id),
                (0...1_000_000_000).contains(minimum), (1...1_000_000_000).contains(step)
            else {
                throw ShardError(
                    "Slurm array variables out of range (task \(id), min \(minimum), step \(step), count \(count))")
            }
            guard id >= minimum, (id - minimum) % step == 0 else {
                throw ShardError("SLURM_ARRAY_TASK_ID=\(id) is not in an array from \(minimum) by \(step)")
            }
            let index = (id - minimum) / step
            guard count >= 1, index < count else {
                throw ShardError("Slurm array task \(id) is shard \(index), but the array has \(count) tasks")
            }
            return Shard(index: index, count: count)
        }
        if let index = try number("JOB_COMPLETION_INDEX") {
            guard let count = try number("STT_SHARD_COUNT") else {
                throw ShardError("JOB_COMPLETION_INDEX is set: set STT_SHARD_COUNT to the Job's completions")
            }
            guard (1...1_000_000).contains(count), index >= 0, index < count else {
                throw ShardError("JOB_COMPLETION_INDEX=\(index) is not below STT_SHARD_COUNT=\(count)")
            }
            return Shard(index: index, count: count)
        }
        return nil
    }

    /// The run indices of this shard among `total`.
    public func range(of total: Int) -> Range<Int> {
        // total ≤ 10^12 and count ≤ 10^6: the products stay below 2^63.
        let low = total * index / count
        let high = total * (index + 1) / count
        return low..<max(low, high)
    }

    public var description: String { "\(index)/\(count)" }
}

public struct ShardError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
