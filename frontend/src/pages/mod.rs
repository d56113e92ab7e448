//! One module per routed page: the start page and the not-found page, a guest's booking page
//! and booking, the page a join link leads to outside the meeting's window, the host's page
//! deciding a request, logging in and signing up (and getting back in: [`password`]), a
//! host's public page, and the host's dashboard (its tabs are in
//! [`crate::dashboard`]).

mod auth;
mod book;
mod dashboard;
mod decide;
mod host;
mod join;
mod landing;
mod linked;
mod manage;
mod password;

pub use auth::{LoginPage, SignupPage};
pub use book::BookPage;
pub use dashboard::DashboardPage;
pub use decide::DecidePage;
pub use host::HostPage;
pub use join::JoinPage;
pub use landing::{Landing, NotFound};
pub use manage::BookingPage;
pub use password::{ForgotPasswordPage, ResetPasswordPage};
