//! "Did you mean …?": the closest known names to a misspelt one.

/// Up to three candidates similar to `wanted`, best first.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_nearest_id_first() {
        let ids = [
            "hp-gevinstmal",
            "digitale-helsetjenester",
            "kunstig-intelligens",
        ];
        assert_eq!(super::closest("hp-gevinstmaal", ids)[0], "hp-gevinstmal");
        assert!(super::closest("zzz", ids).is_empty());
    }
}
