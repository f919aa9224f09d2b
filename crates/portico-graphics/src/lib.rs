#![doc = include_str!("../README.md")]

pub mod chart;
pub mod map;
mod region;
mod xml;

pub use chart::{Bar, ChartText, Summary, bar_chart, bar_chart_svg, summarize};
pub use map::{MapPoint, MapText, Region, project, region_of, world_map};
