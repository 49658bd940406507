//! Issue 11 item 5 / issue 12: stratifying by group when the build has no
//! groups was silently one pooled curve; now an error.

use return_migration::cohort::{
    Channel, ChannelIncidence, CohortBuilder, CohortSurvival, Date, ReturneeRecord, Stratify,
};

fn records() -> Vec<ReturneeRecord> {
    vec![
        ReturneeRecord::new("A", Date::Year(2020))
            .seen_at(&[Date::Year(2021)])
            .remigrated_seen_at(Date::Year(2021), Channel::Irregular),
        ReturneeRecord::new("B", Date::Year(2020)).seen_at(&[Date::Year(2022)]),
    ]
}

#[test]
fn group_strata_without_groups_are_an_error() {
    let built = CohortBuilder::new().first_events(&records()).unwrap();
    for by in [Stratify::Group, Stratify::CohortGroup] {
        let e = CohortSurvival::new(by).fit(&built).unwrap_err();
        assert!(e.to_string().contains("the build has no groups"), "{e}");
        let e = ChannelIncidence::new(by).fit(&built).unwrap_err();
        assert!(e.to_string().contains("the build has no groups"), "{e}");
        assert!(built.survival_vectors(by).is_err());
    }
    // without a group split the same build is fine: one curve, two subjects
    let fit = CohortSurvival::new(Stratify::Pooled).fit(&built).unwrap();
    assert_eq!(fit.curves.len(), 1);
    assert_eq!(fit.curves[0].rows[0].n_risk, 2.0);
}
