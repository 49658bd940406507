//! The columnar, streaming `CsvTable` against a row-by-row reference
//! reader built on the `csv` crate (the reader the crate used before):
//! thousands of small seeded random files of quotes, delimiters, CR/LF/CRLF
//! endings, blank lines, spaces, a UTF-8 BOM, non-ASCII and invalid UTF-8,
//! fed in blocks of 1 to 7 bytes, must give the same headers, texts and
//! lines — or the same error text.

use std::io::Read;

use return_migration::data::{CsvOptions, CsvTable};

/// What a reader makes of a file: headers, rows of texts and their lines.
type Parsed = (Vec<String>, Vec<Vec<String>>, Vec<u64>);

/// The row-by-row reference: the `csv` crate, whole file in memory, each
/// record's line from its byte offset.
fn reference(name: &str, bytes: &[u8], delimiter: u8) -> Result<Parsed, String> {
    let newlines: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .collect();
    let line_of = |byte: u64| {
        let mut b = byte as usize;
        while b < bytes.len() && (bytes[b] == b'\r' || bytes[b] == b'\n') {
            b += 1;
        }
        newlines.partition_point(|&p| p < b) as u64 + 1
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let err = |e: csv::Error| {
        let line = e.position().map(|p| line_of(p.byte())).unwrap();
        match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("{name}, line {line}: expected {expected_len} fields, found {len}"),
            csv::ErrorKind::Utf8 { err, .. } => format!(
                "{name}, line {line}: malformed CSV: field {} holds bytes that are not UTF-8 text (save the file as UTF-8)",
                err.field() + 1
            ),
            other => panic!("unexpected {other:?}"),
        }
    };
    let headers: Vec<String> = rdr
        .headers()
        .map_err(err)?
        .iter()
        .map(String::from)
        .collect();
    if headers.is_empty() || (headers.len() == 1 && headers[0].trim().is_empty()) {
        return Err(format!(
            "{name}, line 1: empty file (no header or no data rows)"
        ));
    }
    for (k, h) in headers.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        if let Some(first) = headers[..k].iter().position(|g| g == h) {
            return Err(format!(
                "{name}, line 1, column `{h}`: the header names column `{h}` twice (fields {} and {})",
                first + 1,
                k + 1
            ));
        }
    }
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    for record in rdr.records() {
        let record = record.map_err(err)?;
        let line = line_of(record.position().unwrap().byte());
        if let Some(c) = record.iter().position(|f| f.contains(['\n', '\r'])) {
            return Err(format!(
                "{name}, line {line}, column `{}`: malformed CSV: a quoted field spans several lines (an unclosed quote?)",
                headers[c]
            ));
        }
        rows.push(record.iter().map(String::from).collect());
        lines.push(line);
    }
    if rows.is_empty() {
        return Err(format!(
            "{name}, line 2: empty file (no header or no data rows)"
        ));
    }
    Ok((headers, rows, lines))
}

/// A reader handing out at most `step` bytes per call.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn columnar(name: &str, bytes: &[u8], delimiter: u8, step: usize) -> Result<Parsed, String> {
    let t = CsvTable::from_reader_with(
        name,
        Trickle { bytes, step },
        &CsvOptions::new().delimiter(delimiter),
    )
    .map_err(|e| e.to_string())?;
    let headers: Vec<String> = t.headers().into_iter().map(String::from).collect();
    let rows = (0..t.len())
        .map(|i| {
            headers
                .iter()
                .map(|h| t.text(i, h).map(String::from))
                .collect::<Result<Vec<String>, _>>()
        })
        .collect::<Result<Vec<_>, _>>();
    // Every named column (an empty name cannot be told apart: skip those).
    let named = headers.iter().all(|h| !h.is_empty())
        && headers.len() == {
            let mut u = headers.clone();
            u.sort();
            u.dedup();
            u.len()
        };
    let lines = (0..t.len()).map(|i| t.line(i)).collect();
    Ok((
        headers,
        if named { rows.unwrap() } else { Vec::new() },
        lines,
    ))
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

/// A random small file: mostly well-formed rows of 1–3 fields, with
/// hostile bytes sprinkled in.
fn random_file(rng: &mut Rng) -> Vec<u8> {
    const PIECES: [&[u8]; 16] = [
        b"a",
        b"1",
        b"2.5",
        b" ",
        b",",
        b",",
        b"\"",
        b"\"x,y\"",
        b"\n",
        b"\n",
        b"\r\n",
        b"\r",
        "é".as_bytes(),
        b"\xff",
        b"NA",
        b"b",
    ];
    let mut out = Vec::new();
    if rng.below(10) == 0 {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    let cols = 1 + rng.below(3);
    let rows = rng.below(5);
    for r in 0..=rows {
        for c in 0..cols {
            if c > 0 {
                out.push(b',');
            }
            let name = [b'h', b'0' + c as u8];
            out.extend_from_slice(if r == 0 {
                &name
            } else {
                PIECES[rng.below(4) as usize]
            });
            for _ in 0..rng.below(3) {
                if rng.below(3) == 0 {
                    out.extend_from_slice(PIECES[rng.below(PIECES.len() as u64) as usize]);
                }
            }
        }
        let end: &[u8] = match rng.below(6) {
            0 => b"\r\n",
            1 => b"\r",
            2 => b"\n\n",
            _ => b"\n",
        };
        if r < rows || rng.below(2) == 0 {
            out.extend_from_slice(end);
        }
    }
    out
}

#[test]
fn columnar_reader_matches_the_row_reader_on_random_files() {
    let mut rng = Rng(20_261_204);
    let (mut ok, mut errors) = (0, 0);
    for case in 0..2500 {
        let bytes = random_file(&mut rng);
        let delimiter = if case % 7 == 0 { b';' } else { b',' };
        let want = reference("r.csv", &bytes, delimiter);
        for step in [1, 3, 7, 1 << 20] {
            let got = columnar("r.csv", &bytes, delimiter, step);
            assert_eq!(
                got.as_ref().map(|p| (&p.0, p.2.clone())),
                want.as_ref().map(|p| (&p.0, p.2.clone())),
                "case {case} step {step}: {:?}",
                String::from_utf8_lossy(&bytes)
            );
            if let (Ok(g), Ok(w)) = (&got, &want)
                && !g.1.is_empty()
            {
                assert_eq!(
                    g.1,
                    w.1,
                    "case {case}: {:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
        match want {
            Ok(_) => ok += 1,
            Err(_) => errors += 1,
        }
    }
    // Both outcomes are exercised often.
    assert!(ok > 300 && errors > 300, "ok {ok}, errors {errors}");
}

#[test]
fn projection_keeps_the_named_columns_and_their_errors() {
    let o = CsvOptions::new();
    let text = "t,d,g,note\n1,0,a,x\n\n2,1,b,\"y,z\"\n";
    let t = CsvTable::from_reader_columns("p.csv", text.as_bytes(), &o, &["g", "t"]).unwrap();
    assert_eq!(t.headers(), vec!["t", "d", "g", "note"]);
    assert_eq!((t.len(), t.line(1)), (2, 4));
    assert_eq!(t.floats("t").unwrap(), vec![1.0, 2.0]);
    assert_eq!(
        t.text(0, "d").unwrap_err().to_string(),
        "p.csv, line 1, column `d`: the column was not read (not among the columns asked for)"
    );
    assert_eq!(
        t.text(0, "zz").unwrap_err().to_string(),
        "p.csv, line 1, column `zz`: missing column"
    );
    // A ragged row in a column not kept is still an error, before the
    // missing column (as when every column was read).
    let ragged = "t,d\n1,0\n2\n";
    let e = CsvTable::from_reader_columns("p.csv", ragged.as_bytes(), &o, &["t", "x"]).unwrap_err();
    assert_eq!(e.to_string(), "p.csv, line 3: expected 2 fields, found 1");
    let e = CsvTable::from_reader_columns("p.csv", "t,d\n1,0\n".as_bytes(), &o, &["t", "x"])
        .unwrap_err();
    assert_eq!(e.to_string(), "p.csv, line 1, column `x`: missing column");
}

#[test]
fn typed_columns_match_the_row_accessors() {
    // Few distinct values (coded) and many (text), with a bad row late.
    let mut text = String::from("t,g,c\n");
    for i in 0..70_000 {
        text.push_str(&format!("{}.5,{},{}\n", i, ["b", "a", " a"][i % 3], i % 2));
    }
    text.push_str("oops,B,x\n");
    let t = CsvTable::from_text("m.csv", &text).unwrap();
    let want = (0..t.len())
        .find_map(|i| t.parse_f64(i, "t").err())
        .unwrap();
    assert_eq!(t.floats("t").unwrap_err(), want);
    assert_eq!(
        want.to_string(),
        "m.csv, line 70002, column `t`: cannot parse `oops` as a number"
    );
    let want = (0..t.len())
        .find_map(|i| t.parse_f64(i, "c").err())
        .unwrap();
    assert_eq!(t.floats("c").unwrap_err(), want);
    let (codes, labels) = t.labels("g").unwrap();
    assert_eq!(labels, vec![" a", "B", "a", "b"]);
    for i in [0, 1, 2, 69_999, 70_000] {
        assert_eq!(labels[codes[i] as usize], t.text(i, "g").unwrap());
    }
    // Many distinct labels (text form) in byte order too.
    let (codes, labels) = t.labels("t").unwrap();
    assert_eq!(
        (labels.len(), labels[0].as_str(), labels[1].as_str()),
        (70_001, "0.5", "1.5")
    );
    assert_eq!(labels[codes[70_000] as usize], "oops");
    // Dropped rows leave the lines and the typed columns consistent.
    let mut t = t;
    let dropped = t.drop_missing(&["t"], &["oops"]).unwrap();
    assert_eq!(dropped, vec![70_002]);
    assert_eq!(t.floats("t").unwrap()[69_999], 69_999.5);
    assert_eq!(t.floats("c").unwrap().iter().sum::<f64>(), 35_000.0);
}
