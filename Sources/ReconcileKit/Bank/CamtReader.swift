/// Decodes ISO 20022 bank-to-customer reports (camt.052 intraday report, camt.053 statement,
/// camt.054 debit/credit notification, any `.001.NN` version) into canonical `bank_entry` records.
///
/// The XML is streamed through libxml2's `xmlTextReader` and never held as a tree. Elements are
/// matched by local name and position, so any namespace prefix works. A file-level failure (not
/// well-formed, a DTD, not camt) throws ``CamtError``; a bad entry is rejected alone in
/// ``CamtReport/rejected``. The decisions are written down in docs/bank-reports.md.
struct CamtReader: Sendable {
    struct Limits: Sendable {
        /// Element nesting deeper than this fails the file (camt needs about 12).
        var maxDepth: Int
        /// Text collected for one entry (all its fields and transactions); larger entries are rejected.
        var maxEntryBytes: Int

        init(maxDepth: Int = 64, maxEntryBytes: Int = 16 << 20) {
            self.maxDepth = maxDepth
            self.maxEntryBytes = maxEntryBytes
        }
    }

    var limits: Limits
    /// Tests turn this off to prove libxml2's own settings refuse DTDs too (defence in depth).
    var guardsProlog = true

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Reads a whole report held in memory. `ibanToTenant` receives the account's IBAN upper-cased
    /// without spaces; nil means no tenant owns it (``TenantID/global``). `path` only names the
    /// file in errors.
    func read(
        bytes: UnsafeRawBufferPointer, path: String? = nil,
        ibanToTenant: (String) -> TenantID?
    ) throws(CamtError) -> CamtReport {
        var offset = 0
        return try read(path: path, ibanToTenant: ibanToTenant) { buffer in
            let n = min(buffer.count, bytes.count - offset)
            if n > 0 {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
                offset += n
            }
            return n
        }
    }

    func read(
        bytes: [UInt8], path: String? = nil,
        ibanToTenant: (String) -> TenantID?
    ) throws(CamtError) -> CamtReport {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CamtError) -> CamtReport in
                try read(bytes: buffer, path: path, ibanToTenant: ibanToTenant)
            }
        }
        return try result.get()
    }

    /// The same with a table from normalised IBAN to tenant.
    func read(bytes: [UInt8], path: String? = nil, tenants: [String: TenantID]) throws(CamtError) -> CamtReport {
        try read(bytes: bytes, path: path, ibanToTenant: { tenants[$0] })
    }

    /// Streams a report from a byte source, e.g. a file descriptor or a gzip decompressor: `next`
    /// fills the buffer it is given and returns the byte count, 0 at the end, or -1 on a failure
    /// (reported as ``CamtError/Code/inputFailed``; the source keeps its own error).
    func read(
        path: String? = nil, ibanToTenant: (String) -> TenantID?,
        next: (UnsafeMutableRawBufferPointer) -> Int
    ) throws(CamtError) -> CamtReport {
        let result = withoutActuallyEscaping(next) { next -> Result<CamtReport, CamtError> in
            Result { () throws(CamtError) -> CamtReport in
                let stream = try XMLEventStream(pump: InputPump(source: next, guardsProlog: guardsProlog))
                var walk = CamtWalk(limits: limits)
                return try walk.run(stream, ibanToTenant: ibanToTenant)
            }
        }
        switch result {
        case .success(let report): return report
        case .failure(var error):
            error.path = path
            throw error
        }
    }
}
