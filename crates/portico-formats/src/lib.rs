#![doc = include_str!("../README.md")]

pub mod atom;
pub mod cite;
pub mod ical;
pub mod spdx;
mod text;
