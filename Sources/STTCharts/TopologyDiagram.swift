import Foundation

/// The scenario's network: nodes on a circle (endpoints round, routers square) and each link
/// drawn between its ends with its parameters written along it.
public struct TopologyDiagram: Sendable {
    public struct Node: Sendable, Equatable {
        public var name: String
        public var isRouter: Bool
        public init(name: String, isRouter: Bool) {
            self.name = name
            self.isRouter = isRouter
        }
    }

    public struct Link: Sendable, Equatable {
        public var a: Int
        public var b: Int
        /// One line of parameters ("10 Mbit/s · 20 ms · loss 1%").
        public var label: String
        public init(a: Int, b: Int, label: String) {
            self.a = a
            self.b = b
            self.label = label
        }
    }

    /// More nodes than this are summarised rather than drawn (a drawing of thousands helps no one).
    public static let maximumDrawnNodes = 48

    public var nodes: [Node]
    public var links: [Link]

    public init(nodes: [Node], links: [Link]) {
        self.nodes = nodes
        self.links = links
    }

    public func svg() -> String {
        let width = 760.0
        let height = nodes.count <= 2 ? 160.0 : 420.0
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" data-chart=\"topology\""
        s += " data-nodes=\"\(nodes.count)\" data-links=\"\(links.count)\" width=\"\(SVG.number(width))\""
        s += " height=\"\(SVG.number(height))\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\">"
        s += "<title>topology</title>"
        guard nodes.count <= Self.maximumDrawnNodes else {
            s += "<text x=\"20\" y=\"40\">\(nodes.count) nodes and \(links.count) links: too many to draw;"
            s += " the tables list them.</text></svg>"
            return s
        }
        let places = positions(width: width, height: height)
        s += "<g class=\"links\">"
        for link in links where places.indices.contains(link.a) && places.indices.contains(link.b) {
            let (p, q) = (places[link.a], places[link.b])
            s += "<line x1=\"\(SVG.number(p.0))\" y1=\"\(SVG.number(p.1))\" x2=\"\(SVG.number(q.0))\""
            s +=
                " y2=\"\(SVG.number(q.1))\" data-link=\"\(SVG.escape(nodes[link.a].name))-\(SVG.escape(nodes[link.b].name))\"/>"
            let (mx, my) = ((p.0 + q.0) / 2, (p.1 + q.1) / 2)
            s +=
                "<text class=\"link-label\" x=\"\(SVG.number(mx))\" y=\"\(SVG.number(my - 6))\" text-anchor=\"middle\">"
            s += "\(SVG.escape(link.label))</text>"
        }
        s += "</g><g class=\"nodes\">"
        for (i, node) in nodes.enumerated() {
            let (x, y) = places[i]
            if node.isRouter {
                s +=
                    "<rect class=\"router\" x=\"\(SVG.number(x - 14))\" y=\"\(SVG.number(y - 14))\" width=\"28\" height=\"28\"/>"
            } else {
                s += "<circle class=\"endpoint\" cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"16\"/>"
            }
            s += "<text class=\"node-label\" x=\"\(SVG.number(x))\" y=\"\(SVG.number(y + 32))\" text-anchor=\"middle\">"
            s += "\(SVG.escape(node.name))</text>"
        }
        return s + "</g></svg>"
    }

    /// Two nodes side by side; more on an ellipse, the first on the left.
    private func positions(width: Double, height: Double) -> [(Double, Double)] {
        if nodes.count == 1 { return [(width / 2, height / 2 - 10)] }
        if nodes.count == 2 { return [(120, height / 2 - 10), (width - 120, height / 2 - 10)] }
        let (cx, cy) = (width / 2, height / 2 - 10)
        let (rx, ry) = (width / 2 - 110, height / 2 - 50)
        return nodes.indices.map { i in
            let angle = Double.pi + 2 * Double.pi * Double(i) / Double(nodes.count)
            return (cx + rx * cos(angle), cy + ry * sin(angle))
        }
    }
}
