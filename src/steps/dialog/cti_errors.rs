//! Steps that make CTI refuse a call operation (the Dialog CTI error notification).

use cucumber::when;

use super::*;

/// MAKE_CALL to the profile's out-of-service phone (test_data.out_of_service_device).
#[when("the agent calls the out-of-service phone")]
async fn calls_out_of_service(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let phone = w
        .ctx()?
        .profile
        .test_data
        .out_of_service_device
        .clone()
        .ok_or_else(|| {
            StepError::precondition("the profile sets no test_data.out_of_service_device")
        })?;
    w.post_dialog(&a, make_call(extension(&a)?, Some(phone)))
        .await
        .map(drop)
}
