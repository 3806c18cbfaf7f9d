import Crypto
import Foundation
import STTCore

/// What a campaign directory holds (`campaign.json` beside `runs.jsonl`): which campaign, which
/// slice of its runs, and how many of them were done. Runs are numbered 0 ..< `total` across all
/// shards; the rows of a directory are those of `first ..< first + done`, a prefix of its slice
/// (a budget stops dispatching; everything dispatched finishes).
public struct CampaignManifest: Codable, Sendable, Equatable {
    /// `swarm` or `sweep`.
    public var kind: String
    /// The seed range (`1..10000`) or the study file's name.
    public var input: String
    /// SHA-256 of what defines the runs (the study's text; the swarm's range and generator):
    /// `campaign merge` refuses directories of different campaigns.
    public var inputDigest: String
    public var total: Int
    /// `i/n`, or `merged`.
    public var shard: String
    public var first: Int
    public var planned: Int
    public var done: Int
    /// Runs the directory lacks, as ranges of indices (`12..19`), when it is not complete.
    public var missing: [String]

    public var complete: Bool { missing.isEmpty }

    public init(
        kind: String, input: String, inputDigest: String, total: Int, shard: String, first: Int, planned: Int,
        done: Int, missing: [String]
    ) {
        self.kind = kind
        self.input = input
        self.inputDigest = inputDigest
        self.total = total
        self.shard = shard
        self.first = first
        self.planned = planned
        self.done = done
        self.missing = missing
    }

    /// The manifest of one shard's run: its `slice` of the runs, of which the first `done` ran
    /// (a budget leaves a prefix).
    public init(
        kind: String, input: String, inputDigest: String, total: Int, shard: Shard, slice: Range<Int>, done: Int
    ) {
        self.init(
            kind: kind, input: input, inputDigest: inputDigest, total: total, shard: shard.description,
            first: slice.lowerBound, planned: slice.count, done: done,
            missing: Self.missing(from: slice, present: Array(slice.prefix(done))))
    }

    public static func digest(_ text: String) -> String {
        Array(SHA256.hash(data: Array(text.utf8))).hexString
    }

    /// Sorted indices as ranges of those absent from `range`, e.g. `["5..9", "12"]`.
    public static func missing(from range: Range<Int>, present: [Int]) -> [String] {
        var out: [String] = []
        var next = range.lowerBound
        func gap(to end: Int) {
            guard end > next else { return }
            out.append(end - 1 == next ? "\(next)" : "\(next)..\(end - 1)")
        }
        for i in present.sorted() where range.contains(i) {
            gap(to: i)
            next = max(next, i + 1)
        }
        gap(to: range.upperBound)
        return out
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
