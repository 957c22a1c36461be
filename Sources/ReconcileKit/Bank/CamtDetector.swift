/// Recognises ISO 20022 bank-to-customer reports by namespace URI and element local names, whatever
/// prefix the bank binds the namespace to.
enum CamtDetector {
    static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt."

    /// The message a `Document` namespace names (`urn:iso:std:iso:20022:tech:xsd:camt.053.001.08`),
    /// or nil when it names anything else.
    static func message(namespaceURI uri: String) -> CamtMessage? {
        guard uri.hasPrefix(namespacePrefix) else { return nil }
        let rest = Array(uri.utf8.dropFirst(namespacePrefix.utf8.count))
        // "05X.001.NN"
        guard rest.count >= 9, rest[0] == UInt8(ascii: "0"), rest[1] == UInt8(ascii: "5"),
            Array(rest[3..<8]) == Array(".001.".utf8)
        else { return nil }
        let type: CamtMessageType
        switch rest[2] {
        case UInt8(ascii: "2"): type = .accountReport
        case UInt8(ascii: "3"): type = .statement
        case UInt8(ascii: "4"): type = .notification
        default: return nil
        }
        let digits = rest[8...]
        guard digits.count <= 4, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        let version = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return CamtMessage(type: type, version: version)
    }

    /// Decides from the root `Document`'s namespace and the local name of its first child.
    /// A namespace, when present, must be a camt.052/053/054 one and agree with the child; without a
    /// namespace the child alone decides (version unknown).
    static func classify(documentNamespace: String, messageElement: String) -> CamtMessage? {
        if documentNamespace.isEmpty {
            guard let type = CamtMessageType.allCases.first(where: { $0.messageElement == messageElement }) else {
                return nil
            }
            return CamtMessage(type: type, version: nil)
        }
        guard let message = message(namespaceURI: documentNamespace),
            message.type.messageElement == messageElement
        else { return nil }
        return message
    }

    /// A cheap sniff of a file's first bytes (say 4 KiB) for the inbox's format detection: true when
    /// they look like XML naming a camt.052/053/054 namespace or message element. The reader decides.
    static func looksLikeCamt(prefix: some Collection<UInt8>) -> Bool {
        let bytes = Array(prefix)
        guard let first = bytes.drop(while: { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }).first,
            first == UInt8(ascii: "<")
        else { return false }
        let needles =
            [
                "urn:iso:std:iso:20022:tech:xsd:camt.052", "urn:iso:std:iso:20022:tech:xsd:camt.053",
                "urn:iso:std:iso:20022:tech:xsd:camt.054",
            ] + CamtMessageType.allCases.map { $0.messageElement }
        return needles.contains { needle in contains(bytes, Array(needle.utf8)) }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
