import common from '#locales/en/common.json'
import request from '#locales/en/request.json'
import errors from '#locales/en/errors.json'
import emails from '#locales/en/emails.json'
import officer from '#locales/en/officer.json'
import auth from '#locales/en/auth.json'
import oversight from '#locales/en/oversight.json'

// Every namespace of one language: the browser loads only its page's language.
export default { common, request, errors, emails, officer, auth, oversight }
