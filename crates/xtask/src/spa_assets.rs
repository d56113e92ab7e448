//! The SPA build's extras: wasm-opt from the npm package `binaryen` (pinned, installed into the
//! target dir, never a system copy), and `.br`/`.gz` siblings of the built files, which the
//! server sends to browsers that accept them.

use std::{
    ffi::OsString,
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use super::{step, Failure, Result, Xtask};

/// The npm `binaryen` release whose `wasm-opt` Trunk runs; `Trunk.toml` pins the same version
/// (`wasm_opt = "version_132"`), so Trunk refuses any other wasm-opt on PATH.
const BINARYEN: &str = "132.0.0";
/// What `wasm-opt --version` prints for [`BINARYEN`].
const BINARYEN_VERSION_LINE: &str = "wasm-opt version 132";

/// Files worth compressing (by extension); the rest (images, fonts) are compressed already.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json", "txt"];

/// Installs `binaryen@BINARYEN` with npm into `<target>/tools` unless it is there, and returns
/// `PATH` with its `bin` first, for Trunk.
pub fn binaryen_path(x: &Xtask) -> Result<OsString> {
    let prefix = x.target_dir().join("tools").join("binaryen");
    let bin = prefix.join("node_modules").join(".bin");
    let wasm_opt = bin.join("wasm-opt");
    if version_line(&wasm_opt).as_deref() != Some(BINARYEN_VERSION_LINE) {
        step(&format!(
            "installing wasm-opt (npm install binaryen@{BINARYEN} into {}; first run only)",
            prefix.display()
        ));
        fs::create_dir_all(&prefix)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", prefix.display())))?;
        x.run_checked(
            x.command("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
                .arg("--prefix")
                .arg(&prefix)
                .arg(format!("binaryen@{BINARYEN}")),
        )?;
        match version_line(&wasm_opt) {
            Some(line) if line == BINARYEN_VERSION_LINE => {}
            other => {
                return Err(Failure::new(format!(
                    "installed binaryen@{BINARYEN}, but {} --version says {other:?}",
                    wasm_opt.display()
                )))
            }
        }
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))
        .map_err(|e| Failure::new(format!("cannot put binaryen on PATH: {e}")))
}

/// `wasm-opt version 132` from `wasm-opt version 132 (version_132)`.
fn version_line(program: &Path) -> Option<String> {
    let output = std::process::Command::new(program)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().next()?.trim();
    Some(line.split(" (").next().unwrap_or(line).to_owned())
}

/// Sizes of one built file: raw, gzip, brotli (bytes).
#[derive(Debug)]
pub struct Sizes {
    pub path: PathBuf,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Writes `<file>.gz` (gzip -9) and `<file>.br` (brotli q11) next to every compressible file
/// in `dist` (where it is smaller) and returns the sizes. Old siblings are replaced.
pub fn precompress(dist: &Path) -> Result<Vec<Sizes>> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    let mut sizes = Vec::new();
    for path in files {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let data = fs::read(&path)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display())))?;
        let gzip = gzip(&data)?;
        let brotli = brotli(&data)?;
        for (ext, bytes) in [("gz", &gzip), ("br", &brotli)] {
            let sibling = with_suffix(&path, ext);
            if bytes.len() < data.len() {
                fs::write(&sibling, bytes).map_err(|e| {
                    Failure::new(format!("cannot write {}: {e}", sibling.display()))
                })?;
            } else if sibling.exists() {
                let _ = fs::remove_file(&sibling);
            }
        }
        sizes.push(Sizes {
            path,
            raw: data.len(),
            gzip: gzip.len(),
            brotli: brotli.len(),
        });
    }
    Ok(sizes)
}

/// Every file under `dir` except earlier `.gz`/`.br` output.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    let entries = fs::read_dir(dir)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", dir.display())))?
            .path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("gz" | "br")) {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

fn with_suffix(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| Failure::new(format!("gzip failed: {e}")))
}

fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)
        .map_err(|e| Failure::new(format!("brotli failed: {e}")))?;
    Ok(out)
}

/// `1.2 MB`-style sizes for the report.
pub fn human(bytes: usize) -> String {
    if bytes >= 1000 * 1000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} KB", bytes as f64 / 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_smaller_siblings_and_skips_images() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("app.js"), "console.log('hi');\n".repeat(200)).unwrap();
        fs::write(dir.join("sub/tiny.css"), "a{}").unwrap();
        fs::write(dir.join("logo.png"), [0u8; 500]).unwrap();
        let sizes = precompress(&dir).unwrap();
        assert_eq!(sizes.len(), 2, "{sizes:?}");
        assert!(dir.join("app.js.gz").exists());
        assert!(dir.join("app.js.br").exists());
        assert!(
            !dir.join("sub/tiny.css.gz").exists(),
            "no sibling when it does not shrink"
        );
        assert!(!dir.join("logo.png.gz").exists());
        let mut back = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&fs::read(dir.join("app.js.gz")).unwrap()[..]),
            &mut back,
        )
        .unwrap();
        assert_eq!(back, "console.log('hi');\n".repeat(200));
        // A second run does not compress its own output.
        assert_eq!(precompress(&dir).unwrap().len(), 2);
        fs::remove_dir_all(&dir).unwrap();
    }
}
