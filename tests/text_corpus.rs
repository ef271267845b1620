//! The noisy news dump (decomposed text, old tone placement, Latin-1 mojibake, entities) comes
//! out clean: noisy documents are counted before and after `prepare`.

use regex::Regex;
use std::io::Read;
use std::path::Path;
use thidua::model::RawDoc;
use thidua::text::prepare;
use unicode_normalization::is_nfc;

/// The shared data folder: `../shared` beside the repository, or `$THIDUA_SHARED`.
fn shared_dir() -> std::path::PathBuf {
    std::env::var_os("THIDUA_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

struct Noise {
    old_tone: Regex,
    mojibake: Regex,
}

impl Noise {
    fn new() -> Self {
        Noise {
            // The mark on the second vowel of oa/oe/uy; checked below to be an open syllable
            // not starting with qu-.
            old_tone: Regex::new(r"(?i)(?:oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ)")
                .expect("regex"),
            mojibake: Regex::new(r"Ã[\u{80}-\u{BF}]|á»|áº|Ä‘|Æ°|Ä\u{91}|â€[œ\u{9D}™“”]")
                .expect("regex"),
        }
    }

    fn old_tone_hits(&self, s: &str) -> usize {
        self.old_tone
            .find_iter(s)
            .filter(|m| {
                let before = s[..m.start()].chars().next_back();
                let after = s[m.end()..].chars().next();
                !matches!(before, Some('q' | 'Q')) && !after.is_some_and(char::is_alphabetic)
            })
            .count()
    }

    fn kinds(&self, s: &str) -> [bool; 3] {
        [
            !is_nfc(s),
            self.old_tone_hits(s) > 0,
            self.mojibake.is_match(s),
        ]
    }
}

#[test]
fn vnexpress_noise_is_repaired() {
    let path = shared_dir().join("corpus/news/vnexpress-2024.tar.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: ../shared/corpus/news/vnexpress-2024.tar.gz not found");
        return;
    };
    let noise = Noise::new();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let (mut docs, mut before, mut after) = (0, [0usize; 3], [0usize; 3]);
    let mut noisy_before = 0;
    let mut still_noisy = Vec::new();
    for entry in archive.entries().expect("tar entries") {
        let mut entry = entry.expect("tar entry");
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("member readable");
        docs += 1;
        let raw_text = String::from_utf8_lossy(&bytes);
        let kb = noise.kinds(&raw_text);
        noisy_before += kb.iter().any(|&k| k) as usize;
        for (i, k) in kb.iter().enumerate() {
            before[i] += *k as usize;
        }
        let raw = RawDoc {
            source: name.clone(),
            bytes,
            ..RawDoc::default()
        };
        let Ok(p) = prepare(&raw) else { continue };
        let out = format!(
            "{}\n{}",
            p.article.title.unwrap_or_default(),
            p.article.body
        );
        let ka = noise.kinds(&out);
        for (i, k) in ka.iter().enumerate() {
            after[i] += *k as usize;
        }
        if ka.iter().any(|&k| k) {
            still_noisy.push(name);
        }
    }
    eprintln!(
        "vnexpress-2024: {docs} documents; noisy before {noisy_before} (non-NFC {}, old tones {}, mojibake {}); after (non-NFC {}, old tones {}, mojibake {})",
        before[0], before[1], before[2], after[0], after[1], after[2]
    );
    assert!(docs > 900, "the archive holds the news clusters");
    assert!(
        before.iter().all(|&n| n > 0),
        "each kind of noise occurs before: {before:?}"
    );
    assert!(
        still_noisy.is_empty(),
        "{} documents still noisy, e.g. {:?}",
        still_noisy.len(),
        &still_noisy[..still_noisy.len().min(5)]
    );
}
