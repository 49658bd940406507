//! Label encoding: text labels (groups, strata, clusters, ids) to dense
//! integer codes numbered in byte order of the label.

/// Maps labels to ids numbered in byte order of the label.
pub(crate) fn encode_labels(labels: &[String]) -> (Vec<u32>, Vec<String>) {
    crate::survival::labels::encode(labels)
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
