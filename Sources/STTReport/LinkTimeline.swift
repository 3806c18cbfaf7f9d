import STTSim

/// One link direction over time: its queue's peak occupancy per interval and its drops by reason.
final class LinkTimeline {
    let direction: LinkDirectionID
    let name: String
    /// Bytes waiting in the queue (peak per bin).
    let queueBytes: BinnedSeries
    /// Drops per bin, by reason, in the order reasons first appeared.
    private(set) var drops: [(reason: String, series: BinnedSeries)] = []
    private let grid: TimeGrid

    init(direction: LinkDirectionID, name: String, grid: TimeGrid) {
        self.direction = direction
        self.name = name
        self.grid = grid
        queueBytes = grid.makeSeries()
    }

    func onDrop(_ reason: String, at t: Int64) {
        if let i = drops.firstIndex(where: { $0.reason == reason }) {
            drops[i].series.add(1, at: t)
        } else {
            let s = grid.makeSeries()
            s.add(1, at: t)
            drops.append((reason, s))
        }
    }

    var totalDrops: Int { drops.reduce(0) { $0 + $1.series.bins.reduce(0) { $0 + $1.count } } }
}
