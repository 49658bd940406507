//! Label encoding: text labels (groups, strata, clusters, ids) to dense
//! integer codes numbered in byte order of the label.

use std::collections::HashMap;

/// Up to this many distinct labels, a label is looked up by comparing it
/// with each one seen so far.
const FEW_LABELS: usize = 16;

/// Maps labels to ids numbered in byte order of the label.
pub(crate) fn encode_labels(labels: &[String]) -> (Vec<u32>, Vec<String>) {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut first: Vec<&str> = Vec::new();
    let raw: Vec<u32> = labels
        .iter()
        .map(|l| {
            let l = l.as_str();
            // A few labels (groups, strata): comparing the strings is cheaper
            // than hashing each one; many labels (clusters): the map.
            if first.len() <= FEW_LABELS
                && let Some(i) = first.iter().position(|f| *f == l)
            {
                return i as u32;
            }
            *seen.entry(l).or_insert_with(|| {
                first.push(l);
                (first.len() - 1) as u32
            })
        })
        .collect();
    let mut sorted: Vec<(usize, &str)> = first.iter().copied().enumerate().collect();
    sorted.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    let mut remap = vec![0_u32; sorted.len()];
    for (new, (old, _)) in sorted.iter().enumerate() {
        remap[*old] = new as u32;
    }
    (
        raw.into_iter().map(|r| remap[r as usize]).collect(),
        sorted.into_iter().map(|(_, l)| l.to_string()).collect(),
    )
}

#[cfg(test)]
mod encode_tests {
    use super::encode_labels;

    #[test]
    fn labels_are_coded_in_byte_order_with_few_and_many_distinct_labels() {
        for distinct in [1_usize, 3, 16, 17, 40] {
            // Labels in a scrambled order, each several times.
            let labels: Vec<String> = (0..5 * distinct)
                .map(|i| format!("g{}", (i * 7 + 3) % distinct))
                .collect();
            let (codes, names) = encode_labels(&labels);
            let mut expected: Vec<String> = labels.clone();
            expected.sort();
            expected.dedup();
            assert_eq!(names, expected);
            for (code, label) in codes.iter().zip(&labels) {
                assert_eq!(&names[*code as usize], label);
            }
        }
    }
}
