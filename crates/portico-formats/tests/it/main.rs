//! Each format is read back by an independent parser or validator.

mod atom;
mod cite;
mod ical;
mod read;
mod rrule;
