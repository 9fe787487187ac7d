//! Names in the dative, for the recipient block of Russian and Kazakh letters ("Генеральному
//! прокурору … Б. Н. Асылову", "… Бас прокуроры Б. Н. Асыловқа"), and Russian names in the
//! genitive, for a default subject line ("По делу Бауыржана Улгилова").
//!
//! Pure functions, no data files. Each returns `None` when the rules give no confident form (a
//! Latin-script name, an unknown ending, a gender that is not known): the caller then addresses
//! the title alone rather than put a nominative name under a dative title.
//!
//! Russian follows the standard rules for surnames, first names and patronymics (Rosenthal's
//! handbook; the same rules as the `petrovich` rule set, which the tests use as an independent
//! check). Kazakh adds the dative suffix -ға/-ге/-қа/-ке (-на/-не after the possessive -ұлы,
//! -қызы), chosen by the word's vowel harmony and its last sound.
//!
//! Read by language: `russian` and `kazakh` decline one word or name; `holder` builds a
//! directory holder's recipient-block form from them; `initials` and `word` are what both
//! languages share.

mod holder;
mod initials;
mod kazakh;
mod russian;
mod word;

pub use holder::{holder_dative, spelling, surname};
pub use initials::{bind_initials, initials_of, normalise_initials};
pub use kazakh::{kk_accusative, kk_accusative_name, kk_dative, kk_recipient};
pub use russian::{Part, ru_dative, ru_genitive, ru_genitive_name, ru_recipient};
