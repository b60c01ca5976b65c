export { findTopLevelJsonMember as topLevelValueSpan } from '@ccp/convert';
