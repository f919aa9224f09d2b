//! The default theme is compiled in: rebuild when any file of it changes.
fn main() {
    println!("cargo:rerun-if-changed=../../themes/default");
}
