import common from '#locales/no/common.json'
import request from '#locales/no/request.json'
import errors from '#locales/no/errors.json'
import emails from '#locales/no/emails.json'
import officer from '#locales/no/officer.json'
import auth from '#locales/no/auth.json'
import oversight from '#locales/no/oversight.json'
import documents from '#locales/no/documents.json'
import collection from '#locales/no/collection.json'
import controller from '#locales/no/controller.json'

// Every namespace of one language: the browser loads only its page's language.
export default { common, request, errors, emails, officer, auth, oversight, documents, collection, controller }
