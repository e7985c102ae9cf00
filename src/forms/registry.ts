import type { RequestType } from '../domain/requests';
import type { FormSpec } from './form-spec';
import { loadChangeForm } from './LoadChange/spec';
import { nameChangeForm } from './NameChange/spec';
import { newConnectionForm } from './NewConnection/spec';
import { prepaidToPostpaidForm } from './PrepaidToPostpaid/spec';

export const FORMS: Record<RequestType, FormSpec> = {
  new_connection: newConnectionForm,
  prepaid_to_postpaid: prepaidToPostpaidForm,
  load_change: loadChangeForm,
  name_change: nameChangeForm,
};
