//! One module per routed page: the start page and the not-found page, a guest's booking page
//! and booking, the page a join link leads to outside the meeting's window, the host's page
//! deciding a request, logging in and signing up, and the host's dashboard (its tabs are in
//! [`crate::dashboard`]).

mod auth;
mod book;
mod dashboard;
mod decide;
mod join;
mod landing;
mod linked;
mod manage;

pub use auth::{LoginPage, SignupPage};
pub use book::BookPage;
pub use dashboard::DashboardPage;
pub use decide::DecidePage;
pub use join::JoinPage;
pub use landing::{Landing, NotFound};
pub use manage::BookingPage;
