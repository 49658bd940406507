//! Hostile CSV inputs for the reader's fast paths (the plain record
//! splitter, columns read as numbers, the fast float parse): each file is
//! read whole and through readers that return a few bytes at a time (every
//! record then meets a block boundary), with the numeric columns typed and
//! as text, and the outcomes compared: the same rows, lines, numbers,
//! texts, missing-value drops and located errors. The fields are also
//! checked against the `csv` crate (no row lost or split), and the
//! pipelines against expected values.

use std::io::Read;

use return_migration::data::{CsvOptions, CsvTable};
use return_migration::error::Result;
use return_migration::frame::{FrameSpec, Missing};

const COLUMNS: [&str; 4] = ["t", "d", "x", "g"];
const NUMBERS: [&str; 2] = ["t", "x"];

/// A reader handing out at most `chunk` bytes per call.
struct Chunked<'a> {
    bytes: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn read(bytes: &[u8], chunk: usize, numbers: &[&str], delimiter: u8) -> Result<CsvTable> {
    let o = CsvOptions::new().delimiter(delimiter);
    CsvTable::from_reader_typed("in.csv", Chunked { bytes, chunk }, &o, &COLUMNS, numbers)
}

/// Everything a pipeline can read of a table, as text (numbers as bits),
/// errors as their messages.
fn summary(t: &Result<CsvTable>) -> Vec<String> {
    let t = match t {
        Ok(t) => t,
        Err(e) => return vec![format!("error: {e}")],
    };
    let show = |r: Result<Vec<f64>>| match r {
        Ok(v) => format!("{:?}", v.iter().map(|x| x.to_bits()).collect::<Vec<_>>()),
        Err(e) => format!("error: {e}"),
    };
    let mut out = vec![format!("rows {}", t.len())];
    out.push(format!(
        "lines {:?}",
        (0..t.len()).map(|i| t.line(i)).collect::<Vec<_>>()
    ));
    for c in NUMBERS {
        out.push(show(t.floats(c)));
        // Row by row (small files: the block-boundary ones are large).
        for i in (0..t.len()).filter(|_| t.len() <= 100) {
            out.push(match t.parse_f64(i, c) {
                Ok(v) => format!("{}", v.to_bits()),
                Err(e) => format!("error: {e}"),
            });
        }
    }
    for c in ["d", "g"] {
        out.push(format!(
            "{:?}",
            (0..t.len())
                .map(|i| t.text(i, c).unwrap())
                .collect::<Vec<_>>()
        ));
        out.push(format!("{:?}", t.labels(c).unwrap()));
    }
    for markers in [&["NA"][..], &["NA", ""], &["x", "inf", "NaN"]] {
        let mut kept = t.clone();
        match kept.drop_missing(&COLUMNS, markers) {
            Ok(lines) => {
                out.push(format!("dropped {lines:?}"));
                if !kept.is_empty() {
                    out.push(show(kept.floats("t")));
                    out.push(show(kept.floats("x")));
                }
            }
            Err(e) => out.push(format!("error: {e}")),
        }
    }
    for missing in [
        Missing::default(),
        Missing::Drop {
            markers: vec!["NA".into(), String::new()],
        },
    ]
    .into_iter()
    .filter(|_| t.len() <= 100)
    {
        let frame = FrameSpec::new(&["x", "t:x"]).missing(missing).from_table(t);
        out.push(match frame {
            Ok(f) => format!(
                "frame {:?} {:?}",
                f.names,
                f.x.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            ),
            Err(e) => format!("error: {e}"),
        });
    }
    out
}

/// The records of `bytes` by the `csv` crate (header first), when every
/// record has the header's field count.
fn reference(bytes: &[u8], delimiter: u8) -> Option<Vec<Vec<Vec<u8>>>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let records: Vec<Vec<Vec<u8>>> = r
        .byte_records()
        .map(|rec| rec.map(|rec| rec.iter().map(<[u8]>::to_vec).collect()))
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    let width = records.first()?.len();
    records.iter().all(|r| r.len() == width).then_some(records)
}

/// The read of `bytes` is the same whole and in chunks, typed and as
/// text; a read that succeeds holds the `csv` crate's records.
fn check(bytes: &[u8], delimiter: u8) -> Vec<String> {
    check_in(bytes, delimiter, &[1, 2, 3, 5, 7, 64, usize::MAX])
}

/// [`check`] reading `chunks` bytes at a time.
fn check_in(bytes: &[u8], delimiter: u8, chunks: &[usize]) -> Vec<String> {
    let want = summary(&read(bytes, usize::MAX, &[], delimiter));
    for &chunk in chunks {
        for numbers in [&[][..], &NUMBERS, &["t"]] {
            let got = summary(&read(bytes, chunk, numbers, delimiter));
            assert_eq!(
                got,
                want,
                "{:?}, chunk {chunk}, numbers {numbers:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    if let Ok(t) = read(bytes, usize::MAX, &[], delimiter) {
        let records = reference(bytes, delimiter).expect("csv crate agrees the file is regular");
        let header: Vec<String> = records[0]
            .iter()
            .map(|h| String::from_utf8(h.clone()).unwrap())
            .collect();
        assert_eq!(t.headers(), header);
        let rows: Vec<&Vec<Vec<u8>>> = records[1..].iter().collect();
        assert_eq!(t.len(), rows.len(), "no row dropped or added");
        for (i, row) in rows.iter().enumerate() {
            for c in COLUMNS {
                let k = header.iter().position(|h| h == c).unwrap();
                assert_eq!(
                    t.text(i, c).unwrap().as_bytes(),
                    &row[k][..],
                    "row {i}, {c}"
                );
            }
        }
    }
    want
}

fn lines_of(s: &[String]) -> &str {
    &s[1]
}

#[test]
fn hostile_files_read_the_same_in_every_path() {
    let cases: &[&[u8]] = &[
        b"t,d,x,g\n1,1,0.5,a\n2,0,1.5,b\n",
        // A quote in a later row only; quoted numbers; a quoted header.
        b"t,d,x,g\n1,1,0.5,a\n2,0,1.5,b\n3,1,\"2.5\",\"c\"\n4,0,1,a\n",
        b"\"t\",d,\"x\",g\n\"1.5\",1,\" 2 \",a\n2,0,1,\"a,b\"\n",
        b"t,d,x,g\n1,1,\"\",a\n2,0,1,\"\"\n",
        b"t,d,x,g\n1,1,a\"b,a\n2,0,1,b\n",
        // Line ends: CRLF, lone CR, mixed, blank lines, no final line end.
        b"t,d,x,g\r\n1,1,0.5,a\r\n2,0,1.5,b\r\n",
        b"t,d,x,g\r1,1,0.5,a\r2,0,1.5,b",
        b"t,d,x,g\n1,1,0.5,a\r\n\r\n2,0,1.5,b\r\r3,1,2,c\n\n\n",
        b"\n\nt,d,x,g\n\n1,1,0.5,a\n\n\n2,0,1.5,b",
        b"t,d,x,g\n1,1,0.5,a\n   \n",
        // Byte-order marks.
        b"\xef\xbb\xbft,d,x,g\n1,1,0.5,a\n",
        b"\xef\xbb\xbf\"t\",d,x,g\r\n1,1,0.5,a",
        b"\xef\xbb\xbf",
        // Not UTF-8: in a number column, a text column; valid UTF-8 labels.
        b"t,d,x,g\n1,1,0.5,a\n2,0,1\xff,b\n",
        b"t,d,x,g\n1,1,0.5,a\n2,0,1,\xe9\n",
        "t,d,x,g\n1,1,0.5,é\n2,0,１,b\n".as_bytes(),
        // Field counts, empty and header-only files, names twice.
        b"t,d,x,g\n1,1,0.5,a\n2,0,1.5\n",
        b"t,d,x,g\n1,1,0.5,a\n2,0,1.5,b,9\n",
        b"t,d,x,g\n1,1,0.5,a\n2,0,\"1.5\",b,9",
        b"",
        b"\n\n",
        b"t,d,x,g\n",
        b"t,d,x,g",
        b"t,d,x,g,x\n1,1,0.5,a,2\n",
        // Unclosed quote, quoted line break.
        b"t,d,x,g\n1,1,0.5,a\n2,0,\"1.5,b\n3,1,2,c\n",
        b"t,d,x,g\n1,1,0.5,\"a\nb\"\n",
        // Numbers: every spelling the parsers tell apart.
        b"t,d,x,g\n1e5,1,1E+05,a\n.5,0,5.,b\n+3,1,-0,a\n 2 ,0,\t4\t,b\n",
        b"t,d,x,g\n0x10,1,1,a\n",
        b"t,d,x,g\n1,1,1_000,a\n",
        b"t,d,x,g\n1,1,inf,a\n2,0,NaN,b\n",
        b"t,d,x,g\n1e400,1,1,a\n",
        b"t,d,x,g\n1e-400,1,1,a\n",
        b"t,d,x,g\n1234567890123456789012345,1,0.1234567890123456789012345,a\n",
        b"t,d,x,g\n00012,1,1234567890123456789,a\n2,0,12345678901234567890,b\n",
        b"t,d,x,g\n9007199254740993,1,1e22,a\n2,0,1e23,b\n3,1,0e999,a\n",
        b"t,d,x,g\n819071642106452.25,1,4.9e-324,a\n",
        // Missing values in number and text columns.
        b"t,d,x,g\n1,1,NA,a\n,0,1,b\n3,1,2,NA\n4,0,-99,\n5,1,3, NA \n",
        b"t,d,x,g\nNA,1,NA,NA\n",
        // Labels that are numbers with several spellings.
        b"t,d,x,g\n1,1,1,1.0\n2,0,1.0,1\n3,1,01,01\n",
    ];
    let mut rows = 0;
    for &bytes in cases {
        let s = check(bytes, b',');
        rows += s.len();
        let semicolons: Vec<u8> = bytes
            .iter()
            .map(|&b| if b == b',' { b';' } else { b })
            .collect();
        check(&semicolons, b';');
        let tabs: Vec<u8> = bytes
            .iter()
            .map(|&b| if b == b',' { b'\t' } else { b })
            .collect();
        check(&tabs, b'\t');
    }
    assert!(rows > cases.len());
    // A few outcomes spelled out.
    let s = check(b"t,d,x,g\r1,1,0.5,a\r\r2,0,1.5,b\r\n3,1,2,c", b',');
    assert_eq!(lines_of(&s), "lines [2, 4, 5]");
    let s = check(b"t,d,x,g\n1,1,0.5,a\n2,0,\"1.5\",b,9\n", b',');
    assert_eq!(s, ["error: in.csv, line 3: expected 4 fields, found 5"]);
    let s = check(b"t,d,x,g\n1,1,0.5,a\n\n2,0,1\xff,b\n", b',');
    assert_eq!(
        s,
        [
            "error: in.csv, line 4: malformed CSV: field 3 holds bytes that are not UTF-8 text (save the file as UTF-8)"
        ]
    );
    let t = read(
        b"t,d,x,g\n1,1,0.5,a\n\n2,0,\"x\",b\n",
        usize::MAX,
        &NUMBERS,
        b',',
    )
    .unwrap();
    assert_eq!(
        t.floats("x").unwrap_err().to_string(),
        "in.csv, line 4, column `x`: cannot parse `x` as a number"
    );
}

/// A file larger than the reader's block (256 KiB) with an odd record
/// whose field starts a few bytes around the block boundary.
#[test]
fn odd_records_at_the_block_boundary() {
    const BLOCK: usize = 1 << 18;
    let plain = "1.25,1,0.5,a\n";
    let odds: [&[u8]; 8] = [
        b"\"7.5\"",
        b"\r\n7.5",
        b"\n\n7.5",
        b"x",
        b"\"a\nb\"",
        b"7.5,9",
        b"NA",
        b"7\xff",
    ];
    for odd in odds {
        for shift in [0_usize, 3] {
            let mut text = String::from("t,d,x,g\n");
            let mut rows = 0;
            while text.len() + 2 * plain.len() < BLOCK - shift {
                text.push_str(plain);
                rows += 1;
            }
            // Pad the last plain row so that the odd record starts at
            // BLOCK - shift.
            let pad = BLOCK - shift - text.len() - plain.len();
            text.push_str(&format!("1.25{},1,0.5,a\n", "0".repeat(pad)));
            assert_eq!(text.len(), BLOCK - shift);
            let mut bytes = text.into_bytes();
            bytes.extend_from_slice(odd);
            bytes.extend_from_slice(b",1,0.5,b\n2,0,1.5,c\n");
            let s = check_in(&bytes, b',', &[4093, usize::MAX]);
            if odds[..3].contains(&odd) {
                assert_eq!(s[0], format!("rows {}", rows + 3));
                let t = read(&bytes, usize::MAX, &NUMBERS, b',').unwrap();
                assert_eq!(t.floats("t").unwrap()[rows..], [1.25, 7.5, 2.0]);
                assert_eq!(
                    t.line(rows + 2),
                    rows as u64 + 4 + odd.iter().filter(|&&b| b == b'\n').count() as u64
                );
            } else if odd == b"x" || odd == b"NA" {
                assert!(s[2].starts_with("error: in.csv, line"), "{}", s[2]);
            } else {
                assert!(
                    s[0].starts_with("error: in.csv, line"),
                    "{} {:?} {shift}",
                    s[0],
                    String::from_utf8_lossy(odd)
                );
            }
        }
    }
}

mod common;

fn run(
    pipeline: fn(&[String], &mut Vec<u8>) -> Result<()>,
    path: &str,
    args: &[&str],
) -> std::result::Result<String, String> {
    let mut argv = vec!["--input".to_string(), path.to_string()];
    argv.extend(args.iter().map(|s| s.to_string()));
    let mut out = Vec::new();
    match pipeline(&argv, &mut out) {
        Ok(()) => Ok(String::from_utf8(out).unwrap()),
        Err(e) => Err(e.to_string()),
    }
}

fn survfit(argv: &[String], out: &mut Vec<u8>) -> Result<()> {
    return_migration::pipeline::survfit(argv, out)
}

fn coxph(argv: &[String], out: &mut Vec<u8>) -> Result<()> {
    return_migration::pipeline::coxph(argv, out)
}

fn logrank(argv: &[String], out: &mut Vec<u8>) -> Result<()> {
    return_migration::pipeline::logrank(argv, out)
}

/// Writes `bytes` to a scratch file named `name`.
fn file(test: &str, name: &str, bytes: &[u8]) -> String {
    let path = common::pipeline::scratch(&format!("{test}_{name}")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// The pipelines give the same output for a file and for the same data
/// spelled in every hostile way (byte-order mark, CR and CRLF line ends,
/// blank lines, quoted and oddly written numbers, no final line end).
#[test]
fn pipelines_read_hostile_spellings_as_the_plain_file() {
    let t = "pipelines_hostile";
    let plain = file(
        t,
        "plain.csv",
        b"time,event,x,g\n1,1,0.5,a\n2,1,-1,b\n3,0,2,a\n4,1,0,b\n5,0,1.5,a\n6,1,-0.5,b\n",
    );
    let hostile = file(
        t,
        "hostile.csv",
        b"\xef\xbb\xbf\"time\",event,x,g\r\n1.000000,1,\"0.5\",a\r\n\r\n2,\"1\",-1.0,\"b\"\r0003,0,+2,a\n\n 4 ,1,-0,b\n5e0,0,.15e1,a\r\n6.,1,-5e-1,b",
    );
    let out = run(survfit, &plain, &["--time", "time", "--event", "event"]).unwrap();
    let survival: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    // Kaplan-Meier by hand: 5/6, then x 4/5, censored, x 2/3, censored, x 0.
    assert_eq!(
        survival,
        [
            "0.8333333333333334",
            "0.6666666666666667",
            "0.6666666666666667",
            "0.44444444444444453",
            "0.44444444444444453",
            "0"
        ]
    );
    for (pipeline, args) in [
        (
            survfit as fn(&[String], &mut Vec<u8>) -> Result<()>,
            &["--time", "time", "--event", "event"][..],
        ),
        (
            survfit,
            &["--time", "time", "--event", "event", "--group", "g"],
        ),
        (
            coxph,
            &["--time", "time", "--event", "event", "--covariates", "x"],
        ),
        (
            coxph,
            &[
                "--time",
                "time",
                "--event",
                "event",
                "--covariates",
                "x",
                "--strata",
                "g",
            ],
        ),
        (
            logrank,
            &["--time", "time", "--event", "event", "--group", "g"],
        ),
    ] {
        assert_eq!(
            run(pipeline, &hostile, args),
            run(pipeline, &plain, args),
            "{args:?}"
        );
    }
}

/// A numeric `--na` marker is matched on the text as written (`-99`
/// drops, `-99.0` is the number): the same output as the file without the
/// marked row; labels that are numbers keep their spelling.
#[test]
fn numeric_markers_and_number_labels_keep_their_text() {
    let t = "numeric_markers";
    let marked = file(
        t,
        "marked.csv",
        b"time,event,x\n1,1,0.5\n2,1,-99\n3,0,2\n4,1,-99.0\n5,0,1.5\n6,1,-0.5\n7,1,1\n",
    );
    let without = file(
        t,
        "without.csv",
        b"time,event,x\n1,1,0.5\n3,0,2\n4,1,-99.0\n5,0,1.5\n6,1,-0.5\n7,1,1\n",
    );
    let args = ["--time", "time", "--event", "event", "--covariates", "x"];
    let with_na = [&args[..], &["--na", "-99"]].concat();
    assert_eq!(run(coxph, &marked, &with_na), run(coxph, &without, &args));
    let survfit_na = ["--time", "time", "--event", "event", "--na", "-99,NA"];
    let times = file(t, "times.csv", b"time,event\n1,1\n-99,1\n-99.0,0\n2,0\n");
    // `-99.0` is not the marker: a negative time.
    assert_eq!(
        run(survfit, &times, &survfit_na).unwrap_err(),
        format!("{times}, line 4, column `time`: negative time -99")
    );
    let labels = file(
        t,
        "labels.csv",
        b"time,event,g\n1,1,1\n2,1,1.0\n3,0,01\n4,1,1\n",
    );
    let out = run(
        logrank,
        &labels,
        &[
            "--time", "time", "--event", "event", "--group", "g", "--table", "groups",
        ],
    )
    .unwrap();
    let groups: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(groups, ["01", "1", "1.0"]);
}

/// Errors after a fast-path stretch name the line as written (CR line
/// ends, blank lines, a quoted record before).
#[test]
fn errors_after_hostile_records_name_their_line() {
    let t = "hostile_errors";
    let cases: [(&[u8], &[&str], &str); 4] = [
        (
            b"time,event,x\r1,1,0.5\r\r\"2\",0,1\r3,1,x\r",
            &["--covariates", "x"],
            "line 5, column `x`: cannot parse `x` as a number",
        ),
        (
            b"time,event,x\n1,1,0.5\n\n2,0,1,7\n",
            &["--covariates", "x"],
            "line 4: expected 3 fields, found 4",
        ),
        (
            b"time,event,x\r\n1,1,0.5\r\n2,0,\"1\r\n3,1,2\r\n",
            &["--covariates", "x"],
            "line 3, column `x`: malformed CSV: a quoted field spans several lines (an unclosed quote?)",
        ),
        (
            b"time,event,x\n1,1,0.5\n2,0,1e400\n",
            &["--covariates", "x"],
            "line 3, column `x`: value `1e400` is not finite",
        ),
    ];
    for (k, (bytes, extra, want)) in cases.into_iter().enumerate() {
        let path = file(t, &format!("e{k}.csv"), bytes);
        let args = [&["--time", "time", "--event", "event"][..], extra].concat();
        assert_eq!(
            run(coxph, &path, &args).unwrap_err(),
            format!("{path}, {want}")
        );
    }
}

/// A missing-value marker that is a number is matched on the text as
/// written (`-99`, not `-99.0`): on a column read as as text it drops
/// exactly those rows; on a column read as numbers (which keeps no text
/// of its numbers) it is a located error, never a different set of rows.
#[test]
fn numeric_markers_on_columns_read_as_numbers_are_errors() {
    let text = b"t,d,x,g\n1,1,-99,a\n2,0,-99.0,b\n3,1,1,a\n";
    let mut plain = read(text, usize::MAX, &[], b',').unwrap();
    assert_eq!(plain.drop_missing(&["x"], &["NA", "-99"]).unwrap(), [2]);
    assert_eq!(plain.floats("x").unwrap(), [-99.0, 1.0]);
    let want = "in.csv, column `x`: the missing-value marker `-99` is a number, matched on the \
                text as written, but the column was read as numbers (read it as text)";
    let mut typed = read(text, usize::MAX, &NUMBERS, b',').unwrap();
    let err = typed.drop_missing(&["x"], &["NA", "-99"]).unwrap_err();
    assert_eq!(err.to_string(), want);
    assert_eq!(typed.len(), 3);
    let spec = FrameSpec::new(&["x"]).missing(Missing::Drop {
        markers: vec!["-99".into()],
    });
    assert_eq!(spec.from_table(&typed).unwrap_err().to_string(), want);
    let frame = spec
        .from_table(&read(text, usize::MAX, &[], b',').unwrap())
        .unwrap();
    assert_eq!(frame.x.column(0).to_vec(), [-99.0, 1.0]);
    // Markers that are not numbers are found among the fields that are not.
    let typed = read(
        b"t,d,x,g\n1,1,NA,a\n2,0,inf,b\n3,1,1,a\n",
        1,
        &NUMBERS,
        b',',
    )
    .unwrap();
    let mut t = typed.clone();
    assert_eq!(t.drop_missing(&["x"], &["NA", "inf"]).unwrap(), [2, 3]);
    assert_eq!(t.floats("x").unwrap(), [1.0]);
}
